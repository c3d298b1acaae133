package io.symposium.profile;

import org.jspecify.annotations.Nullable;

/**
 * One expert's answer to one validation question, as graded (the reference's {@code reasoning_M},
 * {@code pred_M} and {@code is_correct_M}).
 *
 * @param modelId the expert
 * @param text its whole response
 * @param extracted the answer read from it, or null when none could be read
 * @param correct whether that answer equals the gold answer
 */
public record GradedAnswer(
    String modelId, String text, @Nullable String extracted, boolean correct) {

  public GradedAnswer {
    if (correct && extracted == null) {
      throw new IllegalArgumentException(
          "model '" + modelId + "': an answer that could not be read cannot be correct");
    }
  }
}
