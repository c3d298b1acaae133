package io.symposium.pool;

import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.gguf.GgufTensorInfo;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory a resident llama.cpp model takes, estimated from its GGUF before it is loaded, in
 * total and the part of it that lives in GPU memory (its offloaded layers).
 *
 * <p>Where llama.cpp puts things with {@code n_gpu_layers = g} on a model of {@code L} blocks: the
 * output layer (norm and head) counts as layer {@code L}, and the last {@code g} of the layers
 * {@code 0..L} go to the GPU, so {@code g = 1} offloads the head alone and {@code g ≥ L + 1}
 * everything but the token embeddings, which stay on the host (a model with tied embeddings then
 * gets a copy of them on the GPU as its head). Each layer's KV cache lives with the layer. The
 * activations' compute buffer lives on the GPU once anything is offloaded; the logits are read back
 * into host memory.
 *
 * @param tensorBytes the weights in host memory (for a model on the CPU, exactly as stored in the
 *     file)
 * @param kvCacheBytes the KV cache in host memory; the whole cache is contextSize × (parallel
 *     sequences, plus one of headroom when there are several) × layers × (K width + V width), f16
 * @param computeBytes llama.cpp's compute buffers in host memory: the logits of one batch, plus
 *     (when nothing is offloaded) the activations of a 512-token batch and a fixed allowance for
 *     the graph (an estimate, documented in the README)
 * @param gpuTensorBytes the weights in GPU memory (a tied head's copy included)
 * @param gpuKvCacheBytes the KV cache of the offloaded layers
 * @param gpuComputeBytes the activations' compute buffer, once anything is offloaded
 */
public record Footprint(
    long tensorBytes,
    long kvCacheBytes,
    long computeBytes,
    long gpuTensorBytes,
    long gpuKvCacheBytes,
    long gpuComputeBytes) {

  static final long GRAPH_ALLOWANCE = 16L << 20;
  private static final long F16 = 2;
  private static final long F32 = 4;
  private static final long BATCH = 512;
  private static final Pattern BLOCK = Pattern.compile("blk\\.(\\d+)\\..*");

  public Footprint {
    if (tensorBytes < 0
        || kvCacheBytes < 0
        || computeBytes < 0
        || gpuTensorBytes < 0
        || gpuKvCacheBytes < 0
        || gpuComputeBytes < 0) {
      throw new IllegalArgumentException(
          "footprint parts must be >= 0: %d/%d/%d, GPU %d/%d/%d"
              .formatted(
                  tensorBytes,
                  kvCacheBytes,
                  computeBytes,
                  gpuTensorBytes,
                  gpuKvCacheBytes,
                  gpuComputeBytes));
    }
  }

  /** A model that runs on the CPU alone: everything in host memory. */
  public Footprint(long tensorBytes, long kvCacheBytes, long computeBytes) {
    this(tensorBytes, kvCacheBytes, computeBytes, 0, 0, 0);
  }

  /** Everything, both memories together. */
  public long total() {
    return hostBytes() + gpuBytes();
  }

  /** What lives in GPU memory. */
  public long gpuBytes() {
    return gpuTensorBytes + gpuKvCacheBytes + gpuComputeBytes;
  }

  /** What lives in host memory. */
  public long hostBytes() {
    return tensorBytes + kvCacheBytes + computeBytes;
  }

  /** A remote model: it takes no memory of this machine. */
  public static Footprint none() {
    return new Footprint(0, 0, 0);
  }

  /**
   * The footprint of {@code gguf} loaded with {@code contextSize} tokens for each of {@code
   * sequences}, all on the CPU.
   */
  public static Footprint of(GgufFile gguf, int contextSize, int sequences) {
    return of(gguf, contextSize, sequences, 0);
  }

  /**
   * The footprint of {@code gguf} loaded with {@code contextSize} tokens for each of {@code
   * sequences} and {@code gpuLayers} layers offloaded to the GPU (llama.cpp's {@code
   * n_gpu_layers}).
   */
  public static Footprint of(GgufFile gguf, int contextSize, int sequences, int gpuLayers) {
    if (gpuLayers < 0) {
      throw new IllegalArgumentException("GPU layers must be >= 0, got " + gpuLayers);
    }
    long layers = gguf.blockCount().orElse(0);
    long embedding = gguf.embeddingLength().orElse(0);
    long heads = Math.max(1, gguf.headCount().orElse(1));
    long kvHeads = gguf.headCountKv().orElse(heads);
    long vocab = gguf.vocabSize().orElse(0);
    long kvWidth = embedding / heads * kvHeads;
    long cells =
        (long) contextSize
            * (sequences > 1 ? sequences + 1 : 1); // the engine's fragmentation headroom
    long kvPerLayer = cells * 2 * kvWidth * F16;
    long kv = kvPerLayer * layers;
    long batch = Math.min(BATCH, (long) contextSize * sequences);
    long feedForward = gguf.feedForwardLength().orElse(4 * embedding);
    long logits = vocab * sequences * F32;
    long activations = batch * (4 * embedding + 2 * feedForward) * F32 + GRAPH_ALLOWANCE;

    long offloaded = Math.min(gpuLayers, layers + 1); // layers 0..L, the head being layer L
    long firstGpuBlock = layers + 1 - offloaded; // the head is on the GPU once offloaded ≥ 1
    boolean headOnGpu = offloaded >= 1;
    long gpuTensors = 0;
    boolean hasHead = false;
    long embeddings = 0;
    for (GgufTensorInfo t : gguf.tensors()) {
      Matcher block = BLOCK.matcher(t.name());
      if (block.matches()) {
        if (Long.parseLong(block.group(1)) >= firstGpuBlock) {
          gpuTensors += t.byteSize();
        }
      } else if (t.name().startsWith("output")) {
        hasHead |= t.name().equals("output.weight");
        if (headOnGpu) {
          gpuTensors += t.byteSize();
        }
      } else if (t.name().startsWith("token_embd")) {
        embeddings += t.byteSize();
      }
    }
    if (headOnGpu && !hasHead) {
      gpuTensors += embeddings; // tied embeddings: the head is a GPU copy of token_embd
    }
    long gpuBlocks = Math.max(0, Math.min(layers, offloaded - 1));
    long hostTensors =
        gguf.tensorBytes() - (headOnGpu && !hasHead ? gpuTensors - embeddings : gpuTensors);
    return new Footprint(
        hostTensors,
        kvPerLayer * (layers - gpuBlocks),
        headOnGpu ? logits : logits + activations,
        gpuTensors,
        kvPerLayer * gpuBlocks,
        headOnGpu ? activations : 0);
  }

  @Override
  public String toString() {
    String all =
        "%.1f MiB (weights %.1f, KV %.1f, compute %.1f)"
            .formatted(
                hostBytes() / 1048576.0,
                tensorBytes / 1048576.0,
                kvCacheBytes / 1048576.0,
                computeBytes / 1048576.0);
    return gpuBytes() == 0
        ? all
        : all
            + " in host memory and %.1f MiB (weights %.1f, KV %.1f, compute %.1f)"
                .formatted(
                    gpuBytes() / 1048576.0,
                    gpuTensorBytes / 1048576.0,
                    gpuKvCacheBytes / 1048576.0,
                    gpuComputeBytes / 1048576.0)
            + " on the GPU";
  }
}
