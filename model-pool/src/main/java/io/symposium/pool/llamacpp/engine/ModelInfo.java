package io.symposium.pool.llamacpp.engine;

import java.nio.file.Path;

/**
 * What a loaded model instance is: its file, architecture and the sizes it was loaded with.
 *
 * @param id the pool's name for this instance
 * @param file the GGUF file
 * @param architecture {@code general.architecture}, for example {@code llama}
 * @param contextSize tokens per sequence
 * @param parallelSequences sequences decoded together
 * @param nativeContext the KV cache size llama.cpp allocated (n_ctx, padded)
 * @param vocabularySize tokens in the vocabulary
 * @param expertCount experts per MoE layer, 0 for a dense model
 * @param expertUsedCount active experts per token in this instance, 0 for a dense model
 */
public record ModelInfo(
    String id,
    Path file,
    String architecture,
    int contextSize,
    int parallelSequences,
    int nativeContext,
    int vocabularySize,
    int expertCount,
    int expertUsedCount) {}
