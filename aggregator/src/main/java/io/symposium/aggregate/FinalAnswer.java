package io.symposium.aggregate;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one answer an aggregation strategy settled on, with how it got there.
 *
 * @param text the final response text: the aggregator's output, or the text of the first expert who
 *     gave the winning answer
 * @param extracted the final answer in canonical form, or null when no answer could be read from
 *     anyone
 * @param method which strategy decided the answer
 * @param aggregatorModelId the aggregator model that was called, or null when none was
 * @param fallback why a strategy had to fall back to a majority vote, {@link Fallback#NONE} when it
 *     did not
 * @param votes the experts' answers grouped and ranked as the votes counted them, the winner first
 */
public record FinalAnswer(
    String text,
    @Nullable String extracted,
    Method method,
    @Nullable String aggregatorModelId,
    Fallback fallback,
    List<Tally> votes) {

  public FinalAnswer {
    votes = List.copyOf(votes);
    if (extracted != null && extracted.isBlank()) {
      throw new IllegalArgumentException("an extracted answer is null or not blank");
    }
    if (method == Method.LLM_SYNTHESIS && aggregatorModelId == null) {
      throw new IllegalArgumentException("an LLM synthesis names its aggregator model");
    }
    if (fallback != Fallback.NONE && method != Method.MAJORITY_VOTE) {
      throw new IllegalArgumentException(
          "a fallback (%s) ends in a majority vote, not %s".formatted(fallback, method));
    }
  }

  /**
   * Whether the experts agreed and no aggregation ran ({@link
   * AggregationStrategy#skipWhenAllAgree}).
   */
  public boolean aggregationSkipped() {
    return method == Method.CONSENSUS;
  }

  /** Which strategy decided a final answer. */
  public enum Method {
    /** The aggregator model's own answer. */
    LLM_SYNTHESIS,
    /** The answer most experts gave. */
    MAJORITY_VOTE,
    /** The answer with the largest total weight. */
    WEIGHTED_VOTE,
    /** Every expert gave the same answer, so it was taken as it is. */
    CONSENSUS
  }

  /** Why a strategy gave its decision to a majority vote. */
  public enum Fallback {
    NONE,
    /** The aggregator's output held no answer the extractor could read. */
    UNREADABLE_AGGREGATOR_OUTPUT,
    /** No expert with a readable answer carried any weight. */
    NO_WEIGHTED_VOTES
  }

  /**
   * The experts that gave one answer.
   *
   * @param answer the answer as the first of them gave it
   * @param votes how many experts gave it
   * @param weight their summed weight (equal to {@code votes} in a majority vote)
   * @param modelIds the experts in the order they answered, repeated when one expert was drawn
   *     twice
   */
  public record Tally(String answer, int votes, double weight, List<String> modelIds) {

    public Tally {
      modelIds = List.copyOf(modelIds);
      if (answer.isBlank()
          || votes < 1
          || votes != modelIds.size()
          || !Double.isFinite(weight)
          || weight < 0) {
        throw new IllegalArgumentException(
            "a tally needs an answer, votes = voters >= 1 and a finite weight >= 0: '%s' %d %s %s"
                .formatted(answer, votes, weight, modelIds));
      }
    }
  }
}
