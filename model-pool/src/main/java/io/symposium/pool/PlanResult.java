package io.symposium.pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an {@link OfflinePlan} produced.
 *
 * @param completions answers by assignment key
 * @param failures why an assignment got no answer, by key
 * @param modelOrder the order the models ran in
 * @param loads model loads the plan caused (models already resident cost none)
 * @param wall the plan's wall-clock time
 */
public record PlanResult(
    Map<String, Completion> completions,
    Map<String, String> failures,
    List<String> modelOrder,
    long loads,
    Duration wall) {
  public PlanResult {
    completions = Map.copyOf(completions);
    failures = Map.copyOf(failures);
    modelOrder = List.copyOf(modelOrder);
  }
}
