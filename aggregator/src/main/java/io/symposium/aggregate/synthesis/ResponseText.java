package io.symposium.aggregate.synthesis;

/** What of an expert's response the aggregator gets to see. */
final class ResponseText {
  private ResponseText() {}

  private static final String THINK_END = "</think>";

  /**
   * The response after its last {@code </think>}, as the reference keeps only a reasoning model's
   * visible answer (research/symbolic-moe.md §1.10).
   */
  static String visible(String response) {
    int end = response.lastIndexOf(THINK_END);
    return (end < 0 ? response : response.substring(end + THINK_END.length())).strip();
  }
}
