package io.symposium.aggregate;

/**
 * How much an {@link AnswerExtractor} accepts besides the canonical final-answer sentence (README
 * "Extraction modes").
 */
public enum ExtractionMode {
  /** Only the canonical forms the prompts ask for: "The answer is (X)" and "\boxed{…}". */
  STRICT,
  /**
   * The canonical forms first, then the fallbacks of research/symbolic-moe.md §1.11: "X)", "Answer:
   * X", a last standalone letter or number.
   */
  LENIENT
}
