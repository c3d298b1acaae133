package io.symposium.pool;

import io.symposium.pool.gguf.GgufFile;

/**
 * The memory a resident llama.cpp model takes, estimated from its GGUF before it is loaded.
 *
 * @param tensorBytes the weights, exactly as stored in the file
 * @param kvCacheBytes the KV cache: contextSize × (parallel sequences, plus one of headroom when
 *     there are several) × layers × (K width + V width), f16
 * @param computeBytes llama.cpp's compute buffers: the logits of one batch plus the activations of
 *     a 512-token batch, and a fixed allowance for the graph (an estimate, documented in the
 *     README)
 */
public record Footprint(long tensorBytes, long kvCacheBytes, long computeBytes) {

  static final long GRAPH_ALLOWANCE = 16L << 20;
  private static final long F16 = 2;
  private static final long F32 = 4;
  private static final long BATCH = 512;

  public Footprint {
    if (tensorBytes < 0 || kvCacheBytes < 0 || computeBytes < 0) {
      throw new IllegalArgumentException(
          "footprint parts must be >= 0: %d/%d/%d"
              .formatted(tensorBytes, kvCacheBytes, computeBytes));
    }
  }

  public long total() {
    return tensorBytes + kvCacheBytes + computeBytes;
  }

  /** A remote model: it takes no memory of this machine. */
  public static Footprint none() {
    return new Footprint(0, 0, 0);
  }

  /**
   * The footprint of {@code gguf} loaded with {@code contextSize} tokens for each of {@code
   * sequences}.
   */
  public static Footprint of(GgufFile gguf, int contextSize, int sequences) {
    long layers = gguf.blockCount().orElse(0);
    long embedding = gguf.embeddingLength().orElse(0);
    long heads = Math.max(1, gguf.headCount().orElse(1));
    long kvHeads = gguf.headCountKv().orElse(heads);
    long vocab = gguf.vocabSize().orElse(0);
    long kvWidth = embedding / heads * kvHeads;
    long cells =
        (long) contextSize
            * (sequences > 1 ? sequences + 1 : 1); // the engine's fragmentation headroom
    long kv = cells * layers * 2 * kvWidth * F16;
    long batch = Math.min(BATCH, (long) contextSize * sequences);
    long feedForward = gguf.feedForwardLength().orElse(4 * embedding);
    long compute =
        vocab * sequences * F32 + batch * (4 * embedding + 2 * feedForward) * F32 + GRAPH_ALLOWANCE;
    return new Footprint(gguf.tensorBytes(), kv, compute);
  }

  @Override
  public String toString() {
    return "%.1f MiB (weights %.1f, KV %.1f, compute %.1f)"
        .formatted(
            total() / 1048576.0,
            tensorBytes / 1048576.0,
            kvCacheBytes / 1048576.0,
            computeBytes / 1048576.0);
  }
}
