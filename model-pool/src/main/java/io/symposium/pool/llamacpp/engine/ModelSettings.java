package io.symposium.pool.llamacpp.engine;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one model instance is loaded: its context, parallel sequences, threads and weight placement,
 * plus metadata overrides such as the number of active MoE experts. Bounds that need the model file
 * (the expert count, the trained context) are checked by {@link LlamaEngine#load} against the GGUF
 * header.
 *
 * @param contextSize tokens per sequence (prompt plus generated); the KV cache holds contextSize ×
 *     parallelSequences tokens
 * @param parallelSequences sequences decoded together in one {@code llama_decode}
 * @param threads CPU threads for decoding and prompt processing
 * @param batchSize most tokens in one {@code llama_decode} (n_batch); longer prompts are fed in
 *     chunks
 * @param weightLoading mmap the weights or read them into memory
 * @param gpuLayers layers offloaded to a GPU, 0 to {@value #MAX_GPU_LAYERS} (needs a GPU build of
 *     the library; 0 for the bundled CPU one); a count at or above the model's layers offloads all
 * @param expertUsedCount active experts per token of a MoE model, or null for the file's value
 * @param overrides other metadata overrides
 */
public record ModelSettings(
    int contextSize,
    int parallelSequences,
    int threads,
    int batchSize,
    WeightLoading weightLoading,
    int gpuLayers,
    @Nullable Integer expertUsedCount,
    List<MetadataOverride> overrides) {

  /**
   * Upper bound of contextSize × parallelSequences: 2²⁰ tokens, far above any model here, far below
   * overflow.
   */
  public static final int MAX_TOTAL_CONTEXT = 1 << 20;

  public static final int MAX_PARALLEL_SEQUENCES = 64;

  public static final int MAX_GPU_LAYERS = 9999;

  public ModelSettings {
    if (contextSize < 1) {
      throw new RejectedInputException("context size must be >= 1 token, got " + contextSize);
    }
    if (parallelSequences < 1 || parallelSequences > MAX_PARALLEL_SEQUENCES) {
      throw new RejectedInputException(
          "parallel sequences must be 1 to %d, got %d"
              .formatted(MAX_PARALLEL_SEQUENCES, parallelSequences));
    }
    if ((long) contextSize * parallelSequences > MAX_TOTAL_CONTEXT) {
      throw new RejectedInputException(
          "context size %d × %d parallel sequences exceeds %d tokens of KV cache; lower one of them"
              .formatted(contextSize, parallelSequences, MAX_TOTAL_CONTEXT));
    }
    if (threads < 1 || threads > 1024) {
      throw new RejectedInputException("threads must be 1 to 1024, got " + threads);
    }
    if (batchSize < 1 || batchSize > MAX_TOTAL_CONTEXT) {
      throw new RejectedInputException(
          "batch size must be 1 to %d, got %d".formatted(MAX_TOTAL_CONTEXT, batchSize));
    }
    if (gpuLayers < 0 || gpuLayers > MAX_GPU_LAYERS) {
      throw new RejectedInputException(
          "GPU layers must be 0 to %d, got %d".formatted(MAX_GPU_LAYERS, gpuLayers));
    }
    if (expertUsedCount != null && expertUsedCount < 1) {
      throw new RejectedInputException(
          "expert used count must be >= 1 (llama.cpp aborts the process on 0), got "
              + expertUsedCount);
    }
    java.util.Objects.requireNonNull(weightLoading, "weightLoading");
    overrides = List.copyOf(overrides);
    var keys = new java.util.HashSet<String>();
    for (MetadataOverride o : overrides) {
      if (!keys.add(o.key())) {
        throw new RejectedInputException(
            "metadata key '%s' is overridden twice".formatted(o.key()));
      }
    }
  }

  /**
   * 2048 tokens, one sequence, all available processors, batches of 512, mmap, CPU only, file's
   * experts.
   */
  public static ModelSettings defaults() {
    return new ModelSettings(
        2048,
        1,
        Runtime.getRuntime().availableProcessors(),
        512,
        WeightLoading.MEMORY_MAPPED,
        0,
        null,
        List.of());
  }

  public ModelSettings withContextSize(int tokensPerSequence) {
    return new ModelSettings(
        tokensPerSequence,
        parallelSequences,
        threads,
        batchSize,
        weightLoading,
        gpuLayers,
        expertUsedCount,
        overrides);
  }

  public ModelSettings withParallelSequences(int sequences) {
    return new ModelSettings(
        contextSize,
        sequences,
        threads,
        batchSize,
        weightLoading,
        gpuLayers,
        expertUsedCount,
        overrides);
  }

  public ModelSettings withThreads(int count) {
    return new ModelSettings(
        contextSize,
        parallelSequences,
        count,
        batchSize,
        weightLoading,
        gpuLayers,
        expertUsedCount,
        overrides);
  }

  public ModelSettings withBatchSize(int tokens) {
    return new ModelSettings(
        contextSize,
        parallelSequences,
        threads,
        tokens,
        weightLoading,
        gpuLayers,
        expertUsedCount,
        overrides);
  }

  public ModelSettings withWeightLoading(WeightLoading loading) {
    return new ModelSettings(
        contextSize,
        parallelSequences,
        threads,
        batchSize,
        loading,
        gpuLayers,
        expertUsedCount,
        overrides);
  }

  public ModelSettings withGpuLayers(int layers) {
    return new ModelSettings(
        contextSize,
        parallelSequences,
        threads,
        batchSize,
        weightLoading,
        layers,
        expertUsedCount,
        overrides);
  }

  public ModelSettings withExpertUsedCount(int experts) {
    return new ModelSettings(
        contextSize,
        parallelSequences,
        threads,
        batchSize,
        weightLoading,
        gpuLayers,
        experts,
        overrides);
  }

  public ModelSettings withOverride(MetadataOverride override) {
    List<MetadataOverride> all = new ArrayList<>(overrides);
    all.add(override);
    return new ModelSettings(
        contextSize,
        parallelSequences,
        threads,
        batchSize,
        weightLoading,
        gpuLayers,
        expertUsedCount,
        all);
  }
}
