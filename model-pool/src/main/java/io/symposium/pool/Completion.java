package io.symposium.pool;

import java.time.Duration;

/**
 * A model's answer to one {@link CompletionRequest}.
 *
 * @param modelId the model that answered
 * @param text the generated text
 * @param promptTokens tokens in the prompt
 * @param completionTokens tokens generated
 * @param finishReason why it stopped
 * @param latency from the backend call to its answer (queueing in the pool not included)
 */
public record Completion(
    String modelId,
    String text,
    int promptTokens,
    int completionTokens,
    FinishReason finishReason,
    Duration latency) {

  public Completion {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0: %d/%d".formatted(promptTokens, completionTokens));
    }
  }

  /** Why a completion ended. */
  public enum FinishReason {
    STOP,
    LENGTH,
    CANCELLED;

    public static FinishReason fromOpenAi(String reason) {
      return switch (reason) {
        case "length" -> LENGTH;
        case "cancelled" -> CANCELLED;
        default -> STOP;
      };
    }
  }
}
