package io.symposium.orchestrator.routing;

/**
 * A rule that replaced the main routing formula for one query, named so a response or a log can say
 * why the experts are what they are (research/symbolic-moe.md §1.4–1.6, §1.13.4, §6.3).
 */
public enum Fallback {
  /**
   * The query has no keywords: Symbolic-MoE draws uniformly from every candidate (§1.6); CoE takes
   * the generalist.
   */
  EMPTY_KEYWORDS,
  /**
   * None of the query's keywords is in the profile vocabulary, so every local suitability is 0:
   * Symbolic-MoE's shifted weights reduce to global competence γ; CoE takes the generalist.
   */
  NO_KEYWORD_IN_VOCABULARY,
  /**
   * No candidate has a positive local suitability: weights (S − min S + 1)·γ over every candidate
   * (§1.6).
   */
  NO_POSITIVE_SUITABILITY,
  /**
   * Every model's profile sums to 0, where the reference code divides by zero (§1.4): γ is uniform
   * instead.
   */
  UNIFORM_GLOBAL_COMPETENCE,
  /**
   * Every weighted candidate has γ = 0 (possible when the smallest profile sum is exactly 0, §1.4),
   * so S·γ sums to 0 and the reference code fails: the weights use the suitability part alone.
   */
  SUITABILITY_ONLY,
  /**
   * CoE: the category classifier was unsure (confidence below the threshold), so the generalist
   * answers (§6.3).
   */
  LOW_CONFIDENCE,
  /**
   * Skill accuracy: the profiles carry no validation evidence (an import in the reference format),
   * so each keyword's question count is taken as the largest |score| any model has on it, and each
   * model's accuracy as 0.5.
   */
  NO_VALIDATION_EVIDENCE
}
