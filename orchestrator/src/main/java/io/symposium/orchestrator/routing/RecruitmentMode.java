package io.symposium.orchestrator.routing;

/** How the Symbolic-MoE router turns recruitment probabilities into experts. */
public enum RecruitmentMode {
  /**
   * k independent draws with replacement from a seeded RNG, as the reference code does (§1.6); a
   * model may come twice.
   */
  SAMPLE,
  /**
   * k seeded draws without replacement: k distinct models (fewer when fewer have positive
   * probability), each draw proportional to the probabilities of the models not yet drawn. Not the
   * reference behaviour; an option of both drawing routers.
   */
  SAMPLE_DISTINCT,
  /**
   * The k most probable models, distinct and deterministic (DESIGN.md option "deterministic
   * top-k").
   */
  TOP_K,
  /**
   * The smallest set of most probable models whose probabilities add up to at least p, at most k of
   * them (dynamic k, §7.1).
   */
  TOP_P
}
