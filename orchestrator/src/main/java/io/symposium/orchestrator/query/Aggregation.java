package io.symposium.orchestrator.query;

import io.symposium.aggregate.AggregationStrategy;
import io.symposium.aggregate.AnswerExtractor;
import java.util.Arrays;

/** How the experts' answers become one. */
public enum Aggregation {
  /** The task's aggregator model synthesises one answer (skipped when all experts agree). */
  SYNTHESIS("synthesis"),
  /** The answer most experts gave. */
  MAJORITY("majority"),
  /** The answer with the most routing weight behind it. */
  WEIGHTED("weighted");

  private final String id;

  Aggregation(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Aggregation fromId(String id) {
    return Arrays.stream(values())
        .filter(a -> a.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown aggregation '" + id + "'; use synthesis, majority or weighted"));
  }

  /**
   * The strategy this aggregation names; {@code synthesis} is the task's aggregator model (built by
   * the caller, which knows the model and its prompt).
   */
  AggregationStrategy strategy(AnswerExtractor extractor, AggregationStrategy synthesis) {
    return switch (this) {
      case SYNTHESIS -> synthesis;
      case MAJORITY -> AggregationStrategy.majorityVote(extractor);
      case WEIGHTED -> AggregationStrategy.weightedVote(extractor);
    };
  }
}
