package io.symposium.pool.llamacpp.engine;

import static io.symposium.pool.llamacpp.engine.Downcalls.guardThread;
import static io.symposium.pool.llamacpp.engine.Downcalls.rethrow;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The opened llama.cpp v0.5.0 library: its ggml backends loaded, and one downcall handle per {@code
 * llama.h} function of models, contexts, memory, batches and decoding, each wrapped in a method
 * that guards the calling thread and turns a linkage failure into our exception. Sampler and
 * vocabulary functions are in {@link #sampler} and {@link #vocab}.
 *
 * <p>A library is opened once per JVM and path and never closed: {@code dlclose} under ggml's live
 * thread pools is unsafe, and a library is a few MB.
 */
final class LlamaLibrary {
  private static final Map<Path, LlamaLibrary> OPENED = new ConcurrentHashMap<>();
  private static final @Nullable MethodHandle MALLOC_TRIM =
      Downcalls.system("malloc_trim", FunctionDescriptor.of(JAVA_INT, JAVA_LONG)).orElse(null);

  final Path path;
  final SamplerCalls sampler;
  final VocabCalls vocab;

  private final MethodHandle backendInit;
  private final MethodHandle logSet;
  private final MethodHandle backendRegCount;
  private final MethodHandle backendLoadAllFromPath;
  private final MethodHandle devCount;
  private final MethodHandle devGet;
  private final MethodHandle devName;
  private final MethodHandle devDescription;
  private final MethodHandle devType;
  private final MethodHandle devMemory;
  private final MethodHandle supportsGpuOffload;
  private final MethodHandle modelDefaultParams;
  private final MethodHandle contextDefaultParams;
  private final MethodHandle modelLoadFromFile;
  private final MethodHandle initFromModel;
  private final MethodHandle modelFree;
  private final MethodHandle free;
  private final MethodHandle nCtx;
  private final MethodHandle getMemory;
  private final MethodHandle memorySeqRm;
  private final MethodHandle batchInit;
  private final MethodHandle batchGetOne;
  private final MethodHandle batchFree;
  private final MethodHandle decode;
  private final MethodHandle setAbortCallback;

  private LlamaLibrary(Path path, Downcalls d) {
    this.path = path;
    sampler = new SamplerCalls(d);
    vocab = new VocabCalls(d);
    backendInit = d.handle("llama_backend_init", FunctionDescriptor.ofVoid());
    logSet = d.handle("llama_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    // ggml's, found through libllama's dependencies
    backendRegCount = d.handle("ggml_backend_reg_count", FunctionDescriptor.of(JAVA_LONG));
    backendLoadAllFromPath =
        d.handle("ggml_backend_load_all_from_path", FunctionDescriptor.ofVoid(ADDRESS));
    devCount = d.handle("ggml_backend_dev_count", FunctionDescriptor.of(JAVA_LONG));
    devGet = d.handle("ggml_backend_dev_get", FunctionDescriptor.of(ADDRESS, JAVA_LONG));
    devName = d.handle("ggml_backend_dev_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    devDescription =
        d.handle("ggml_backend_dev_description", FunctionDescriptor.of(ADDRESS, ADDRESS));
    devType = d.handle("ggml_backend_dev_type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    devMemory =
        d.handle("ggml_backend_dev_memory", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
    supportsGpuOffload =
        d.handle("llama_supports_gpu_offload", FunctionDescriptor.of(JAVA_BOOLEAN));
    modelDefaultParams =
        d.handle("llama_model_default_params", FunctionDescriptor.of(NativeLayouts.MODEL_PARAMS));
    contextDefaultParams =
        d.handle(
            "llama_context_default_params", FunctionDescriptor.of(NativeLayouts.CONTEXT_PARAMS));
    modelLoadFromFile =
        d.handle(
            "llama_model_load_from_file",
            FunctionDescriptor.of(ADDRESS, ADDRESS, NativeLayouts.MODEL_PARAMS));
    initFromModel =
        d.handle(
            "llama_init_from_model",
            FunctionDescriptor.of(ADDRESS, ADDRESS, NativeLayouts.CONTEXT_PARAMS));
    modelFree = d.handle("llama_model_free", FunctionDescriptor.ofVoid(ADDRESS));
    free = d.handle("llama_free", FunctionDescriptor.ofVoid(ADDRESS));
    nCtx = d.handle("llama_n_ctx", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    getMemory = d.handle("llama_get_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
    memorySeqRm =
        d.handle(
            "llama_memory_seq_rm",
            FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    batchInit =
        d.handle(
            "llama_batch_init",
            FunctionDescriptor.of(NativeLayouts.BATCH, JAVA_INT, JAVA_INT, JAVA_INT));
    batchGetOne =
        d.handle(
            "llama_batch_get_one", FunctionDescriptor.of(NativeLayouts.BATCH, ADDRESS, JAVA_INT));
    batchFree = d.handle("llama_batch_free", FunctionDescriptor.ofVoid(NativeLayouts.BATCH));
    decode =
        d.handle("llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, NativeLayouts.BATCH));
    setAbortCallback =
        d.handle("llama_set_abort_callback", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
  }

  /**
   * Opens the library at {@code file} (once per JVM), checks its struct layouts, routes its log
   * into {@link NativeLog}, loads the ggml backends beside it and initialises llama.cpp.
   */
  static LlamaLibrary open(Path file) {
    return OPENED.computeIfAbsent(file.toAbsolutePath().normalize(), LlamaLibrary::openUncached);
  }

  private static LlamaLibrary openUncached(Path file) {
    guardThread();
    SymbolLookup lookup;
    try {
      lookup = SymbolLookup.libraryLookup(file, Arena.global());
    } catch (IllegalArgumentException | IllegalCallerException e) {
      throw new NativeLibraryException(
          ("cannot open the llama.cpp library %s (%s). It needs its libggml and libggml-base in"
                  + " the same directory, glibc >= 2.34 and libstdc++; a custom build must export"
                  + " the llama.h API of llama.cpp %s. Java must run with"
                  + " --enable-native-access=ALL-UNNAMED.")
              .formatted(file, e.getMessage(), NativeBundle.RELEASE),
          e);
    }
    LlamaLibrary library = new LlamaLibrary(file, new Downcalls(file, lookup));
    LayoutCheck.verify(library);
    library.logSet(NativeLog.callback(), MemorySegment.NULL);
    library.loadBackends(file.toAbsolutePath().getParent());
    library.backendInit();
    return library;
  }

  /**
   * A build with {@code GGML_BACKEND_DL} (the bundled one) registers no backend until one is
   * loaded: {@code ggml_backend_load_all_from_path} picks the best {@code libggml-cpu-<variant>}
   * for this CPU (and CUDA, Vulkan … libraries found there). llama.cpp's own fallback would search
   * the directory of the executable, which is {@code java}'s. A build that links its backends in
   * has them registered already and is left alone.
   */
  private void loadBackends(@Nullable Path directory) {
    if (backendRegCount() > 0 || directory == null) {
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      backendLoadAllFromPath.invokeExact(arena.allocateFrom(directory.toString()));
    } catch (Throwable t) {
      throw rethrow("ggml_backend_load_all_from_path", t);
    }
    if (backendRegCount() == 0) {
      throw new NativeLibraryException(
          ("no ggml backend could be loaded from %s (no libggml-cpu-*.so there suits this CPU);"
                  + " llama.cpp logged: %s")
              .formatted(directory, NativeLog.describeRecent()));
    }
  }

  /**
   * Hands memory that llama.cpp freed back to the OS (glibc only; elsewhere a no-op). Without it
   * glibc's dynamic mmap threshold keeps the freed multi-MB compute and KV buffers in its heap, and
   * RSS creeps up ~5 MB per load/unload cycle although nothing leaks (measured in LlamaMemoryIT).
   */
  static void releaseFreedMemory() {
    MethodHandle trim = MALLOC_TRIM;
    if (trim == null) {
      return;
    }
    try {
      int ignored = (int) trim.invokeExact(0L);
    } catch (Throwable t) {
      throw rethrow("malloc_trim", t);
    }
  }

  /** The devices ggml registered (CPU, GPUs …), with their memory as ggml reports it. */
  List<BackendDevice> devices() {
    guardThread();
    List<BackendDevice> devices = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      long count = (long) devCount.invokeExact();
      MemorySegment free = arena.allocate(JAVA_LONG);
      MemorySegment total = arena.allocate(JAVA_LONG);
      for (long i = 0; i < count; i++) {
        MemorySegment dev = (MemorySegment) devGet.invokeExact(i);
        String name = cString((MemorySegment) devName.invokeExact(dev));
        String description = cString((MemorySegment) devDescription.invokeExact(dev));
        int type = (int) devType.invokeExact(dev);
        devMemory.invokeExact(dev, free, total);
        devices.add(
            new BackendDevice(
                name,
                description,
                BackendDevice.Kind.of(type),
                free.get(JAVA_LONG, 0),
                total.get(JAVA_LONG, 0)));
      }
    } catch (Throwable t) {
      throw rethrow("ggml_backend_dev_*", t);
    }
    return List.copyOf(devices);
  }

  private static String cString(MemorySegment s) {
    return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(4096).getString(0);
  }

  // ---- downcalls: one wrapper each, same order as in llama.h ----

  private long backendRegCount() {
    try {
      return (long) backendRegCount.invokeExact();
    } catch (Throwable t) {
      throw rethrow("ggml_backend_reg_count", t);
    }
  }

  void backendInit() {
    guardThread();
    try {
      backendInit.invokeExact();
    } catch (Throwable t) {
      throw rethrow("llama_backend_init", t);
    }
  }

  void logSet(MemorySegment callback, MemorySegment userData) {
    try {
      logSet.invokeExact(callback, userData);
    } catch (Throwable t) {
      throw rethrow("llama_log_set", t);
    }
  }

  boolean supportsGpuOffload() {
    try {
      return (boolean) supportsGpuOffload.invokeExact();
    } catch (Throwable t) {
      throw rethrow("llama_supports_gpu_offload", t);
    }
  }

  MemorySegment modelDefaultParams(SegmentAllocator allocator) {
    guardThread();
    try {
      return (MemorySegment) modelDefaultParams.invokeExact(allocator);
    } catch (Throwable t) {
      throw rethrow("llama_model_default_params", t);
    }
  }

  MemorySegment contextDefaultParams(SegmentAllocator allocator) {
    guardThread();
    try {
      return (MemorySegment) contextDefaultParams.invokeExact(allocator);
    } catch (Throwable t) {
      throw rethrow("llama_context_default_params", t);
    }
  }

  MemorySegment modelLoadFromFile(MemorySegment path, MemorySegment params) {
    guardThread();
    try {
      return (MemorySegment) modelLoadFromFile.invokeExact(path, params);
    } catch (Throwable t) {
      throw rethrow("llama_model_load_from_file", t);
    }
  }

  MemorySegment initFromModel(MemorySegment model, MemorySegment params) {
    guardThread();
    try {
      return (MemorySegment) initFromModel.invokeExact(model, params);
    } catch (Throwable t) {
      throw rethrow("llama_init_from_model", t);
    }
  }

  void modelFree(MemorySegment model) {
    guardThread();
    try {
      modelFree.invokeExact(model);
    } catch (Throwable t) {
      throw rethrow("llama_model_free", t);
    }
  }

  void free(MemorySegment context) {
    guardThread();
    try {
      free.invokeExact(context);
    } catch (Throwable t) {
      throw rethrow("llama_free", t);
    }
  }

  int nCtx(MemorySegment context) {
    try {
      return (int) nCtx.invokeExact(context);
    } catch (Throwable t) {
      throw rethrow("llama_n_ctx", t);
    }
  }

  MemorySegment getMemory(MemorySegment context) {
    try {
      return (MemorySegment) getMemory.invokeExact(context);
    } catch (Throwable t) {
      throw rethrow("llama_get_memory", t);
    }
  }

  /** Removes {@code sequence}'s cells in [from, to); -1 means open-ended. */
  boolean memorySeqRm(MemorySegment memory, int sequence, int fromPosition, int toPosition) {
    guardThread();
    try {
      return (boolean) memorySeqRm.invokeExact(memory, sequence, fromPosition, toPosition);
    } catch (Throwable t) {
      throw rethrow("llama_memory_seq_rm", t);
    }
  }

  MemorySegment batchInit(
      SegmentAllocator allocator, int tokens, int embedding, int maxSequencesPerToken) {
    guardThread();
    try {
      return (MemorySegment)
          batchInit.invokeExact(allocator, tokens, embedding, maxSequencesPerToken);
    } catch (Throwable t) {
      throw rethrow("llama_batch_init", t);
    }
  }

  MemorySegment batchGetOne(SegmentAllocator allocator, MemorySegment tokens, int count) {
    guardThread();
    try {
      return (MemorySegment) batchGetOne.invokeExact(allocator, tokens, count);
    } catch (Throwable t) {
      throw rethrow("llama_batch_get_one", t);
    }
  }

  void batchFree(MemorySegment batch) {
    guardThread();
    try {
      batchFree.invokeExact(batch);
    } catch (Throwable t) {
      throw rethrow("llama_batch_free", t);
    }
  }

  int decode(MemorySegment context, MemorySegment batch) {
    guardThread();
    try {
      return (int) decode.invokeExact(context, batch);
    } catch (Throwable t) {
      throw rethrow("llama_decode", t);
    }
  }

  void setAbortCallback(MemorySegment context, MemorySegment callback, MemorySegment data) {
    try {
      setAbortCallback.invokeExact(context, callback, data);
    } catch (Throwable t) {
      throw rethrow("llama_set_abort_callback", t);
    }
  }
}
