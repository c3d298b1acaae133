package io.symposium.orchestrator.routing;

/**
 * The Composition-of-Experts category classifier's verdict on one query (research/symbolic-moe.md
 * §6.3).
 *
 * @param category the category with the most keyword votes
 * @param confidence the share of the query's keywords that voted for it, in [0, 1]
 * @param votes how many of the query's keywords voted for it
 * @param keywords how many keywords the query has, duplicates counted
 */
public record Classification(String category, double confidence, int votes, int keywords) {

  public Classification {
    if (category.isBlank()) {
      throw new IllegalArgumentException("category must not be blank");
    }
    if (votes < 0 || votes > keywords) {
      throw new IllegalArgumentException(
          "votes must be between 0 and the keyword count %d, got %d".formatted(keywords, votes));
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
    }
  }
}
