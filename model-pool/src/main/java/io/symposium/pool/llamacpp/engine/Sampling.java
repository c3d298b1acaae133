package io.symposium.pool.llamacpp.engine;

/**
 * How the next token is chosen: greedy when the temperature is 0, otherwise the chain top-k → top-p
 * → temperature → random draw with a fixed seed.
 *
 * @param temperature 0 for greedy, else a finite value > 0
 * @param topK keep the k most likely tokens; 0 keeps all
 * @param topP keep the smallest set with cumulative probability ≥ p, in (0, 1]; 1 keeps all
 * @param seed seed of the random draw, 0 to 2³²−2 (2³²−1 means "random" to llama.cpp, so it is
 *     refused)
 */
public record Sampling(float temperature, int topK, float topP, long seed) {
  static final long MAX_SEED = 0xFFFF_FFFEL;

  public Sampling {
    if (!Float.isFinite(temperature) || temperature < 0) {
      throw new RejectedInputException(
          "temperature must be a finite number >= 0 (0 = greedy), got " + temperature);
    }
    if (topK < 0) {
      throw new RejectedInputException("top-k must be >= 0 (0 = off), got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) { // also false for NaN
      throw new RejectedInputException("top-p must be in (0, 1] (1 = off), got " + topP);
    }
    if (seed < 0 || seed > MAX_SEED) {
      throw new RejectedInputException("seed must be 0 to %d, got %d".formatted(MAX_SEED, seed));
    }
  }

  /** Always the most likely token. */
  public static Sampling greedy() {
    return new Sampling(0, 0, 1, 0);
  }

  /**
   * Random sampling at {@code temperature} with top-k 40 and top-p 0.95, reproducible through
   * {@code seed}.
   */
  public static Sampling random(float temperature, long seed) {
    return new Sampling(temperature, 40, 0.95f, seed);
  }

  public boolean isGreedy() {
    return temperature == 0;
  }
}
