package io.symposium.pool;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A model the pool can serve.
 *
 * @param id the pool's name for it: 1–64 letters, digits, {@code . _ -}
 * @param backend where it runs
 * @param file the GGUF file, for {@link BackendKind#LLAMA_CPP}
 * @param baseUrl the server, for remote backends (e.g. {@code http://host:11434})
 * @param remoteName the model's name on that server
 * @param contextSize tokens per sequence (prompt plus answer)
 * @param parallelSlots requests decoded together (llama.cpp) or sent at once (remote)
 * @param threads CPU threads for llama.cpp, 0 for all cores
 * @param tags free-form labels (e.g. {@code aggregator}, {@code zoo})
 * @param pinned never evicted from memory
 * @param gpuLayers layers llama.cpp offloads to a GPU: 0 (the default) runs on the CPU; needs a GPU
 *     build of llama.cpp ({@code symposium.pool.llama-library}); a count at or above the model's
 *     layers (e.g. 999) offloads all of them
 */
public record ModelSpec(
    String id,
    BackendKind backend,
    @Nullable Path file,
    @Nullable URI baseUrl,
    @Nullable String remoteName,
    int contextSize,
    int parallelSlots,
    int threads,
    Set<String> tags,
    boolean pinned,
    int gpuLayers) {

  /** The most GPU layers a spec may ask for; any count above the model's layers means all. */
  public static final int MAX_GPU_LAYERS = 9999;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public ModelSpec {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "model id '" + id + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    if (backend.isLocal() && file == null) {
      throw new IllegalArgumentException(
          "model '" + id + "' runs on llama.cpp and needs a GGUF file");
    }
    if (!backend.isLocal() && (baseUrl == null || remoteName == null || remoteName.isBlank())) {
      throw new IllegalArgumentException(
          "model '"
              + id
              + "' runs on "
              + backend.id()
              + " and needs a base URL and a remote model name");
    }
    if (contextSize < 16 || contextSize > 1 << 20) {
      throw new IllegalArgumentException(
          "model '" + id + "': context size must be 16 to 1048576 tokens, got " + contextSize);
    }
    if (parallelSlots < 1 || parallelSlots > 64) {
      throw new IllegalArgumentException(
          "model '" + id + "': parallel slots must be 1 to 64, got " + parallelSlots);
    }
    if (threads < 0 || threads > 1024) {
      throw new IllegalArgumentException(
          "model '" + id + "': threads must be 0 (all cores) to 1024, got " + threads);
    }
    if (gpuLayers < 0 || gpuLayers > MAX_GPU_LAYERS) {
      throw new IllegalArgumentException(
          "model '%s': GPU layers must be 0 (CPU only) to %d (999 offloads every layer), got %d"
              .formatted(id, MAX_GPU_LAYERS, gpuLayers));
    }
    if (gpuLayers > 0 && !backend.isLocal()) {
      throw new IllegalArgumentException(
          "model '%s': GPU layers apply to llama.cpp models only, not to %s"
              .formatted(id, backend.id()));
    }
    tags = Set.copyOf(tags);
  }

  /** A spec that runs on the CPU (no GPU layers). */
  public ModelSpec(
      String id,
      BackendKind backend,
      @Nullable Path file,
      @Nullable URI baseUrl,
      @Nullable String remoteName,
      int contextSize,
      int parallelSlots,
      int threads,
      Set<String> tags,
      boolean pinned) {
    this(
        id,
        backend,
        file,
        baseUrl,
        remoteName,
        contextSize,
        parallelSlots,
        threads,
        tags,
        pinned,
        0);
  }

  /** A llama.cpp model with 2048 tokens of context, 4 slots, all cores. */
  public static ModelSpec llamaCpp(String id, Path file) {
    return new ModelSpec(id, BackendKind.LLAMA_CPP, file, null, null, 2048, 4, 0, Set.of(), false);
  }

  /** A model on a remote OpenAI-compatible or Ollama server. */
  public static ModelSpec remote(String id, BackendKind backend, URI baseUrl, String remoteName) {
    return new ModelSpec(id, backend, null, baseUrl, remoteName, 4096, 4, 0, Set.of(), false);
  }

  public ModelSpec withContextSize(int tokens) {
    return new ModelSpec(
        id,
        backend,
        file,
        baseUrl,
        remoteName,
        tokens,
        parallelSlots,
        threads,
        tags,
        pinned,
        gpuLayers);
  }

  public ModelSpec withParallelSlots(int slots) {
    return new ModelSpec(
        id,
        backend,
        file,
        baseUrl,
        remoteName,
        contextSize,
        slots,
        threads,
        tags,
        pinned,
        gpuLayers);
  }

  public ModelSpec withThreads(int count) {
    return new ModelSpec(
        id,
        backend,
        file,
        baseUrl,
        remoteName,
        contextSize,
        parallelSlots,
        count,
        tags,
        pinned,
        gpuLayers);
  }

  public ModelSpec withTags(Set<String> newTags) {
    return new ModelSpec(
        id,
        backend,
        file,
        baseUrl,
        remoteName,
        contextSize,
        parallelSlots,
        threads,
        newTags,
        pinned,
        gpuLayers);
  }

  public ModelSpec withPinned(boolean pin) {
    return new ModelSpec(
        id,
        backend,
        file,
        baseUrl,
        remoteName,
        contextSize,
        parallelSlots,
        threads,
        tags,
        pin,
        gpuLayers);
  }

  public ModelSpec withGpuLayers(int layers) {
    return new ModelSpec(
        id,
        backend,
        file,
        baseUrl,
        remoteName,
        contextSize,
        parallelSlots,
        threads,
        tags,
        pinned,
        layers);
  }

  /** The file, for a local model; fails for a remote one. */
  public Path requireFile() {
    if (file == null) {
      throw new IllegalStateException("model '" + id + "' has no file: it runs on " + backend.id());
    }
    return file;
  }
}
