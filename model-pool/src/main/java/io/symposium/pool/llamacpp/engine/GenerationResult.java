package io.symposium.pool.llamacpp.engine;

import java.time.Duration;

/**
 * The outcome of one generation.
 *
 * @param text the generated text (without a matched stop string)
 * @param promptTokens tokens in the prompt, BOS included
 * @param generatedTokens tokens sampled, not counting a final end-of-generation token
 * @param finishReason why it ended
 * @param promptTime from admission to the first sampled token (prompt processing)
 * @param generationTime from the first sampled token to the end
 */
public record GenerationResult(
    String text,
    int promptTokens,
    int generatedTokens,
    EngineFinish finishReason,
    Duration promptTime,
    Duration generationTime) {

  public GenerationResult {
    java.util.Objects.requireNonNull(text, "text");
    java.util.Objects.requireNonNull(finishReason, "finishReason");
    if (promptTokens < 0 || generatedTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0: %d/%d".formatted(promptTokens, generatedTokens));
    }
  }

  /**
   * Generated tokens per second after the first one, or 0 when fewer than two tokens were
   * generated.
   */
  public double tokensPerSecond() {
    long nanos = generationTime.toNanos();
    return generatedTokens < 2 || nanos == 0 ? 0 : (generatedTokens - 1) * 1e9 / nanos;
  }
}
