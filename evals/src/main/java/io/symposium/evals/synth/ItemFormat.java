package io.symposium.evals.synth;

/**
 * How a question is asked: multiple choice with 4 or 10 labelled options, or a free integer answer.
 */
public enum ItemFormat {
  /** Four options (A)–(D), like GPQA and MedMCQA; the gold answer is a letter. */
  MC4("mc4", 4),
  /** Ten options (A)–(J), like MMLU-Pro; the gold answer is a letter. */
  MC10("mc10", 10),
  /** No options, like AIME; the gold answer is an integer. */
  FREE("free", 0);

  private final String id;
  private final int options;

  ItemFormat(String id, int options) {
    this.id = id;
    this.options = options;
  }

  public String id() {
    return id;
  }

  /** Number of labelled options, 0 for a free answer. */
  public int options() {
    return options;
  }

  boolean multipleChoice() {
    return options > 0;
  }
}
