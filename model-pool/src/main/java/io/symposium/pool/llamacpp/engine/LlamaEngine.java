package io.symposium.pool.llamacpp.engine;

import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.gguf.GgufFormatException;
import io.symposium.pool.gguf.GgufInspector;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Entry point of the llama.cpp binding: opens the native library (checking its struct layouts) and
 * loads GGUF models into {@link LoadedModel} instances.
 *
 * <p>Everything that would make llama.cpp abort the process is checked in Java first
 * (research/llamacpp-java.md §4): the file must pass {@link GgufInspector}; the expert count must
 * lie in 1..expert_count of the file; the context must fit the model's trained context. Loading
 * happens on the new model's own decode thread, so a slow load never holds another model's thread.
 */
public final class LlamaEngine implements AutoCloseable {
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final LlamaLibrary library;
  private final Set<LoadedModel> loaded = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private LlamaEngine(LlamaLibrary library) {
    this.library = library;
  }

  /** Opens the library that {@code config} names (extracting the bundled one if needed). */
  public static LlamaEngine open(EngineConfig config) {
    Downcalls.guardThread();
    return new LlamaEngine(LlamaLibrary.open(NativeBundle.resolve(config)));
  }

  /** Opens the bundled CPU library. */
  public static LlamaEngine openBundled() {
    return open(EngineConfig.bundled());
  }

  /** The native library file in use. */
  public Path libraryPath() {
    return library.path;
  }

  /** The llama.cpp release this binding is written for ({@code v0.5.0}). */
  public static String release() {
    return NativeBundle.RELEASE;
  }

  /** The devices the library's ggml backends registered: the CPU, and GPUs of a GPU build. */
  public List<BackendDevice> devices() {
    return library.devices();
  }

  /** Whether the library can offload layers to a GPU ({@code llama_supports_gpu_offload}). */
  public boolean supportsGpuOffload() {
    return library.supportsGpuOffload();
  }

  /**
   * Loads {@code file} as instance {@code id}; blocks until llama.cpp has the model and its
   * context.
   *
   * @param id a name for the instance (letters, digits, {@code . _ -}; at most 64), used in thread
   *     names
   * @throws RejectedInputException if the settings do not fit the model
   * @throws ModelLoadException if the file is not a valid GGUF or llama.cpp fails to load it
   */
  public LoadedModel load(String id, Path file, ModelSettings settings) {
    Downcalls.guardThread();
    if (closed) {
      throw new ModelClosedException("the llama.cpp engine was closed; open a new one");
    }
    LoadPlan plan = plan(id, file, settings);
    if (settings.gpuLayers() > 0 && !library.supportsGpuOffload()) {
      throw new RejectedInputException(
          ("model '%s' asks for %d GPU layers, but the llama.cpp library %s has no GPU backend;"
                  + " set gpu-layers to 0, or point symposium.pool.llama-library at a GPU build")
              .formatted(id, settings.gpuLayers(), library.path.getFileName()));
    }
    ModelWorker worker = new ModelWorker(library, plan);
    Thread thread = Thread.ofPlatform().name("llama-" + id + "-0").daemon(true).unstarted(worker);
    worker.start(thread);
    ModelInfo info;
    try {
      info = worker.loaded.join();
    } catch (CompletionException e) {
      worker.closed.join();
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new ModelLoadException(
          "loading model '%s' failed".formatted(id), Objects.requireNonNullElse(e.getCause(), e));
    }
    LoadedModel[] self = new LoadedModel[1];
    self[0] = new LoadedModel(worker, info, () -> loaded.remove(self[0]));
    loaded.add(self[0]);
    return self[0];
  }

  /** The instances loaded through this engine and not yet closed. */
  public List<LoadedModel> loadedModels() {
    return List.copyOf(loaded);
  }

  /**
   * Unloads every model this engine loaded. The library itself stays mapped until the JVM exits.
   */
  @Override
  public void close() {
    closed = true;
    for (LoadedModel m : new ArrayList<>(loaded)) {
      m.close();
    }
  }

  /** All Java-side checks of a load; nothing here touches native code. */
  static LoadPlan plan(String id, Path file, ModelSettings settings) {
    if (!MODEL_ID.matcher(id).matches()) {
      throw new RejectedInputException(
          "model id '%s' must be 1 to 64 letters, digits, '.', '_' or '-'".formatted(id));
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new RejectedInputException(
          "model file %s does not exist or is not a readable file".formatted(file));
    }
    GgufFile gguf;
    try {
      gguf = GgufInspector.inspect(file);
    } catch (GgufFormatException | UncheckedIOException e) {
      throw new ModelLoadException(
          "model file %s rejected before loading: %s".formatted(file.getFileName(), e.getMessage()),
          e);
    }
    String arch = gguf.architecture();
    long trained = gguf.contextLength().orElse(Long.MAX_VALUE);
    if (settings.contextSize() > trained) {
      throw new RejectedInputException(
          "context size %d exceeds the %d tokens model %s was trained for; use a context size of at most %d"
              .formatted(settings.contextSize(), trained, file.getFileName(), trained));
    }
    int expertCount = (int) Math.min(Integer.MAX_VALUE, gguf.expertCount().orElse(0));
    String usedKey = arch + ".expert_used_count";
    String countKey = arch + ".expert_count";
    List<MetadataOverride> overrides = new ArrayList<>();
    Long requestedUsed = null;
    for (MetadataOverride o : settings.overrides()) {
      if (o.key().equals(countKey)) {
        throw new RejectedInputException(
            "%s cannot be overridden: it must match the expert tensors in the file"
                .formatted(countKey));
      }
      if (o.key().equals(usedKey)) {
        if (!(o instanceof MetadataOverride.IntOverride v)) {
          throw new RejectedInputException(
              "%s must be overridden with an integer".formatted(usedKey));
        }
        if (settings.expertUsedCount() != null) {
          throw new RejectedInputException(
              "%s is set both as the expert used count and as an override; keep one"
                  .formatted(usedKey));
        }
        requestedUsed = v.value();
      } else if (o.key().endsWith(".expert_used_count") || o.key().endsWith(".expert_count")) {
        throw new RejectedInputException(
            "override '%s' does not match the model's architecture '%s' (expected %s)"
                .formatted(o.key(), arch, usedKey));
      }
      overrides.add(o);
    }
    if (settings.expertUsedCount() != null) {
      requestedUsed = (long) settings.expertUsedCount();
      overrides.add(MetadataOverride.ofInt(usedKey, requestedUsed));
    }
    long effectiveUsed = requestedUsed != null ? requestedUsed : gguf.expertUsedCount().orElse(0);
    if (requestedUsed != null && expertCount == 0) {
      throw new RejectedInputException(
          "model %s is dense (no %s), so it has no experts to choose; drop the expert used count"
              .formatted(file.getFileName(), countKey));
    }
    if (expertCount > 0 && (effectiveUsed < 1 || effectiveUsed > expertCount)) {
      throw new RejectedInputException(
          ("expert used count %d is outside 1..%d, the experts of model %s (llama.cpp would abort"
                  + " the process); use 1 to %d")
              .formatted(effectiveUsed, expertCount, file.getFileName(), expertCount));
    }
    return new LoadPlan(id, file, settings, overrides, arch, expertCount, (int) effectiveUsed);
  }
}
