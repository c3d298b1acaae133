package io.symposium.aggregate;

import org.jspecify.annotations.Nullable;

/**
 * How the aggregator model generates its answer.
 *
 * @param maxTokens most tokens the aggregator may write, 1 to 32768; null: what its context leaves
 *     after the prompt
 * @param temperature 0 for greedy decoding, up to 5
 * @param seed makes sampling repeatable, 0 to 4294967294
 */
public record SynthesisSettings(@Nullable Integer maxTokens, double temperature, long seed) {

  public SynthesisSettings {
    if (maxTokens != null && (maxTokens < 1 || maxTokens > 32768)) {
      throw new IllegalArgumentException("max tokens must be 1 to 32768, got " + maxTokens);
    }
    if (!Double.isFinite(temperature) || temperature < 0 || temperature > 5) {
      throw new IllegalArgumentException(
          "temperature must be a number from 0 to 5, got " + temperature);
    }
    if (seed < 0 || seed > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException("seed must be 0 to 4294967294, got " + seed);
    }
  }

  /**
   * The reference settings (research/symbolic-moe.md §1.10): temperature 0.7, 4096 tokens, seed 0.
   */
  public static SynthesisSettings defaults() {
    return new SynthesisSettings(4096, 0.7, 0);
  }

  /**
   * Greedy decoding of at most {@code maxTokens} (null: what the context leaves), as the zoo's tiny
   * aggregator is best served.
   */
  public static SynthesisSettings greedy(@Nullable Integer maxTokens) {
    return new SynthesisSettings(maxTokens, 0, 0);
  }

  public SynthesisSettings withSeed(long newSeed) {
    return new SynthesisSettings(maxTokens, temperature, newSeed);
  }
}
