package io.symposium.orchestrator.routing;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which experts answer a query, and why.
 *
 * @param experts the recruited experts in draw order, with repeats: each occurrence is one
 *     generation (§1.6)
 * @param scores every candidate model's scores, ranked by local suitability, highest first (§1.5),
 *     or by the router's own ranking for Composition of Experts
 * @param fallbacks the rules that replaced the main formula, empty when none did
 * @param nextBest the candidates not recruited, best first: where a failing expert's replacement
 *     comes from
 * @param unknownKeywords the query's keywords outside the profile vocabulary, which scored 0 for
 *     every model
 * @param classification the category verdict, for Composition of Experts when a keyword voted; null
 *     otherwise
 */
public record RoutingDecision(
    List<String> experts,
    List<ModelScore> scores,
    Set<Fallback> fallbacks,
    List<String> nextBest,
    List<String> unknownKeywords,
    @Nullable Classification classification) {

  public RoutingDecision {
    experts = List.copyOf(experts);
    scores = List.copyOf(scores);
    nextBest = List.copyOf(nextBest);
    unknownKeywords = List.copyOf(unknownKeywords);
    // an EnumSet keeps the declaration order, so the JSON of a decision is stable
    fallbacks =
        fallbacks.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(fallbacks));
    if (experts.isEmpty()) {
      throw new IllegalArgumentException("a routing decision recruits at least one expert");
    }
    Set<String> scored = new HashSet<>();
    for (ModelScore score : scores) {
      if (!scored.add(score.model())) {
        throw new IllegalArgumentException("model '" + score.model() + "' is scored twice");
      }
    }
    for (String expert : experts) {
      if (!scored.contains(expert)) {
        throw new IllegalArgumentException(
            "expert '"
                + expert
                + "' was recruited but is not among the scored candidates "
                + scored);
      }
    }
    Set<String> distinct = new HashSet<>(experts);
    Set<String> replacements = new HashSet<>();
    for (String model : nextBest) {
      if (distinct.contains(model) || !replacements.add(model) || !scored.contains(model)) {
        throw new IllegalArgumentException(
            "next-best candidate '"
                + model
                + "' must be a scored candidate, listed once and not recruited");
      }
    }
  }

  /** The recruited experts without repeats, in order of first draw. */
  public List<String> distinctExperts() {
    return List.copyOf(new LinkedHashSet<>(experts));
  }

  /** How many times {@code model} was recruited. */
  public int multiplicity(String model) {
    int count = 0;
    for (String expert : experts) {
      if (expert.equals(model)) {
        count++;
      }
    }
    return count;
  }

  /** The scores of {@code model}, empty when it was not a candidate. */
  public Optional<ModelScore> score(String model) {
    for (ModelScore score : scores) {
      if (score.model().equals(model)) {
        return Optional.of(score);
      }
    }
    return Optional.empty();
  }

  /** The recruitment probability of each candidate, keyed by model id, in ranking order. */
  public Map<String, Double> probabilities() {
    Map<String, Double> probabilities = new LinkedHashMap<>();
    scores.forEach(score -> probabilities.put(score.model(), score.probability()));
    return Collections.unmodifiableMap(probabilities);
  }
}
