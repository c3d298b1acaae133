package io.symposium.orchestrator.query;

import org.jspecify.annotations.Nullable;

/**
 * The routing and pool knobs a query chose; {@link #NONE} leaves routing and the pool as they are.
 *
 * @param topP recruit the fewest most probable experts whose probabilities reach it, in (0, 1],
 *     never more than k; null: k seeded draws
 * @param deterministic the k most probable experts instead of k seeded draws
 * @param distinct k seeded draws without replacement (k distinct experts) instead of with
 * @param maxExpertCalls the most expert generations the query may start, first answers and
 *     replacements together; null: no limit beyond the candidates
 * @param activeExperts experts per token for the recruited experts that are sparse-MoE models;
 *     dense experts run as they are
 */
public record QueryKnobs(
    @Nullable Double topP,
    boolean deterministic,
    @Nullable Integer maxExpertCalls,
    @Nullable Integer activeExperts,
    boolean distinct) {

  public static final QueryKnobs NONE = new QueryKnobs(null, false, null, null);

  /** Knobs that draw as Symbolic-MoE does, with replacement. */
  public QueryKnobs(
      @Nullable Double topP,
      boolean deterministic,
      @Nullable Integer maxExpertCalls,
      @Nullable Integer activeExperts) {
    this(topP, deterministic, maxExpertCalls, activeExperts, false);
  }

  /** The most experts per token llama.cpp's MoE layers take. */
  public static final int MAX_ACTIVE_EXPERTS = 256;

  public QueryKnobs {
    if (topP != null && !(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    }
    if (topP != null && deterministic) {
      // top-p is already deterministic: it ranks by probability and never draws
      throw new IllegalArgumentException(
          "topP and deterministic do not combine: topP already recruits the most probable"
              + " experts without drawing; send one of them");
    }
    if (distinct && (topP != null || deterministic)) {
      throw new IllegalArgumentException(
          "distinct draws do not combine with topP or deterministic, which already recruit"
              + " distinct experts without drawing; send one of them");
    }
    if (maxExpertCalls != null && (maxExpertCalls < 1 || maxExpertCalls > 64)) {
      throw new IllegalArgumentException("maxExpertCalls must be 1 to 64, got " + maxExpertCalls);
    }
    if (activeExperts != null && (activeExperts < 1 || activeExperts > MAX_ACTIVE_EXPERTS)) {
      throw new IllegalArgumentException(
          "activeExperts must be 1 to " + MAX_ACTIVE_EXPERTS + ", got " + activeExperts);
    }
  }

  /** Whether these knobs choose how experts are drawn (top-p, deterministic or distinct). */
  boolean choosesDraws() {
    return topP != null || deterministic || distinct;
  }

  /** Checks that {@code strategy} with {@code k} experts can use these knobs; throws if not. */
  void checkFor(Strategy strategy, int k) {
    // coe picks its category's expert, single the best one, all every one: none of them draws
    if (!strategy.draws() && (topP != null || deterministic || distinct)) {
      throw new IllegalArgumentException(
          "topP, deterministic and distinct choose how experts are drawn; strategy '"
              + strategy.id()
              + "' draws none: use skill-accuracy or symbolic-moe");
    }
    if (strategy == Strategy.ALL && maxExpertCalls != null) {
      throw new IllegalArgumentException(
          "maxExpertCalls does not combine with strategy 'all', which asks every profiled expert");
    }
    // a strategy that draws none recruits one expert (all refused maxExpertCalls above)
    int recruits = strategy.draws() ? k : 1;
    if (maxExpertCalls != null && maxExpertCalls < recruits) {
      throw new IllegalArgumentException(
          "maxExpertCalls %d is less than the %d expert(s) the query may recruit; raise it or lower k"
              .formatted(maxExpertCalls, recruits));
    }
  }
}
