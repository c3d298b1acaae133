package io.symposium.evals.run;

/** How a method turns its experts' answers into one. */
public enum Aggregation {
  /** The aggregator model reads the answers and writes the final one. */
  SYNTHESIS,
  MAJORITY,
  /** Votes weighted by routing probability × draws, or by validation accuracy. */
  WEIGHTED,
  /** A single expert's answer as it is. */
  SINGLE,
  /** Correct when any answer is: the upper bound, not a method one could deploy. */
  ORACLE;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
