package io.symposium.evals.run;

import java.util.List;
import java.util.Map;

/**
 * One method × aggregation's numbers over a run.
 *
 * @param perSeed accuracy at each seed it ran with
 * @param std sample standard deviation over seeds (0 with one seed)
 * @param ciLow low end of the 95 % bootstrap interval over questions (accuracy averaged over seeds
 *     per question)
 * @param expertCalls expert generations per question and seed, as if the method ran alone
 * @param loads distinct models the method needs (each loaded once in a phased run of it alone)
 * @param millis generation time of its calls, summed over questions and seeds
 * @param unanswerable questions no recruited expert could answer (counted as wrong)
 */
public record MethodSummary(
    String label,
    String method,
    Aggregation aggregation,
    int items,
    List<Double> perSeed,
    double mean,
    double std,
    double ciLow,
    double ciHigh,
    Map<String, Double> perTask,
    Map<String, Double> perSkill,
    double expertCalls,
    double aggregatorCalls,
    double tokens,
    int loads,
    long millis,
    int unanswerable) {
  public MethodSummary {
    perSeed = List.copyOf(perSeed);
    perTask = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(perTask));
    perSkill = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(perSkill));
  }
}
