package io.symposium.aggregate;

import org.jspecify.annotations.Nullable;

/**
 * One expert's response to a question.
 *
 * @param modelId the expert model that wrote it
 * @param text its full response
 * @param extracted the answer the caller read from it, or null when none was read; strategies read
 *     {@code text} again with their own extractor, so that one extraction mode applies to a whole
 *     aggregation
 * @param weight a caller-chosen weight (a routing probability, a profile score) that {@link
 *     AggregationStrategy#weightedVote(AnswerExtractor)} counts
 */
public record ExpertAnswer(String modelId, String text, @Nullable String extracted, double weight) {

  public ExpertAnswer {
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("the expert's model id is blank");
    }
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException(
          "an expert's weight must be a finite number >= 0, got " + weight);
    }
  }

  /** A response with weight 1 and nothing extracted yet. */
  public static ExpertAnswer of(String modelId, String text) {
    return new ExpertAnswer(modelId, text, null, 1);
  }

  /** A response with weight 1 and its answer read by {@code extractor}. */
  public static ExpertAnswer read(
      String modelId, String text, Question question, AnswerExtractor extractor) {
    return new ExpertAnswer(modelId, text, extractor.extract(question, text).orElse(null), 1);
  }

  public ExpertAnswer withWeight(double newWeight) {
    return new ExpertAnswer(modelId, text, extracted, newWeight);
  }
}
