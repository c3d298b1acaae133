package io.symposium.pool.gguf;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic, approximately normal random rows: SplitMix64 (a fully specified generator, unlike
 * {@code java.util.Random}'s Gaussian whose algorithm may change between JDKs) feeding a sum of
 * four 16-bit uniforms per value, which is cheap enough to fill a 500 MB model in seconds.
 */
final class RandomRows implements TensorRows {
  /** Standard deviation of the sum of four uniforms on [0, 65536). */
  private static final double SUM_SD = Math.sqrt(4 * (65536.0 * 65536.0 - 1) / 12);

  private static final double SUM_MEAN = 2 * 65535.0;

  private final double scale;
  private long state;

  RandomRows(long seed, double standardDeviation) {
    this.state = seed;
    this.scale = standardDeviation / SUM_SD;
  }

  /** Mixes the model seed with the tensor name, so each tensor has its own stream. */
  static long seedFor(long modelSeed, String tensorName) {
    long h = 0xcbf2_9ce4_8422_2325L; // FNV-1a 64
    for (byte b : tensorName.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100_0000_01b3L;
    }
    return mix(modelSeed ^ mix(h));
  }

  @Override
  public void fill(long row, float[] values) {
    for (int i = 0; i < values.length; i++) {
      long r = next();
      long sum = (r & 0xFFFF) + ((r >>> 16) & 0xFFFF) + ((r >>> 32) & 0xFFFF) + (r >>> 48);
      values[i] = (float) ((sum - SUM_MEAN) * scale);
    }
  }

  private long next() {
    state += 0x9e37_79b9_7f4a_7c15L;
    return mix(state);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
    return z ^ (z >>> 31);
  }
}
