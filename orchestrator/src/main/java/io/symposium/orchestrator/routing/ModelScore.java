package io.symposium.orchestrator.routing;

import org.jspecify.annotations.Nullable;

/**
 * What a router computed for one candidate model, for the routing explainer and the query log.
 *
 * @param model the model id
 * @param suitability local suitability S: the sum of the model's profile scores over the query's
 *     keywords, duplicates counted (§1.5)
 * @param competence global competence γ of the model in its profile set (§1.4)
 * @param weight the router's unnormalised weight: S·γ, or its fallback form (§1.6); for Composition
 *     of Experts 1 for the chosen expert and 0 otherwise
 * @param probability the recruitment probability of one draw: weight / Σ weights over the
 *     candidates
 * @param estimate the skill-accuracy router's estimate of the chance that the model answers this
 *     query right; null for the other routers
 */
public record ModelScore(
    String model,
    long suitability,
    double competence,
    double weight,
    double probability,
    @Nullable Double estimate) {

  /** The scores of a router that estimates no accuracy. */
  public ModelScore(
      String model, long suitability, double competence, double weight, double probability) {
    this(model, suitability, competence, weight, probability, null);
  }

  public ModelScore {
    if (model.isBlank()) {
      throw new IllegalArgumentException("model id must not be blank");
    }
    if (!(competence >= 0 && competence <= 1)) {
      throw new IllegalArgumentException(
          "global competence of '%s' must be in [0, 1], got %s".formatted(model, competence));
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight of '%s' must be finite and >= 0, got %s".formatted(model, weight));
    }
    if (estimate != null && !(estimate >= 0 && estimate <= 1)) {
      throw new IllegalArgumentException(
          "accuracy estimate of '%s' must be in [0, 1], got %s".formatted(model, estimate));
    }
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "probability of '%s' must be in [0, 1], got %s".formatted(model, probability));
    }
  }
}
