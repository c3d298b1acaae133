package io.symposium.pool.llamacpp.engine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

/**
 * The opened llama.cpp library: one downcall handle per {@code llama.h} function this binding uses,
 * each wrapped in a method that guards the calling thread and turns a linkage failure into our
 * exception.
 *
 * <p>A library is opened once per JVM and path and never closed: {@code dlclose} under libgomp's
 * live OpenMP worker threads is unsafe, and a library is a few MB.
 */
final class LlamaLibrary {
  private static final Map<Path, LlamaLibrary> OPENED = new ConcurrentHashMap<>();
  private static final Linker LINKER = Linker.nativeLinker();

  final Path path;
  private final SymbolLookup lookup;

  private final MethodHandle backendInit;
  private final MethodHandle logSet;
  private final MethodHandle modelDefaultParams;
  private final MethodHandle contextDefaultParams;
  private final MethodHandle modelLoadFromFile;
  private final MethodHandle initFromModel;
  private final MethodHandle modelFree;
  private final MethodHandle free;
  private final MethodHandle modelGetVocab;
  private final MethodHandle vocabNTokens;
  private final MethodHandle vocabIsEog;
  private final MethodHandle tokenize;
  private final MethodHandle tokenToPiece;
  private final MethodHandle detokenize;
  private final MethodHandle batchInit;
  private final MethodHandle batchGetOne;
  private final MethodHandle batchFree;
  private final MethodHandle decode;
  private final MethodHandle nCtx;
  private final MethodHandle seqRm;
  private final @Nullable MethodHandle setAbortCallback;
  private final MethodHandle samplerChainDefaultParams;
  private final MethodHandle samplerChainInit;
  private final MethodHandle samplerChainAdd;
  private final MethodHandle samplerInitGreedy;
  private final MethodHandle samplerInitDist;
  private final MethodHandle samplerInitTemp;
  private final MethodHandle samplerInitTopK;
  private final MethodHandle samplerInitTopP;
  private final MethodHandle samplerInitGrammar;
  private final MethodHandle samplerSample;
  private final MethodHandle samplerFree;
  private static final @Nullable MethodHandle MALLOC_TRIM =
      LINKER
          .defaultLookup()
          .find("malloc_trim")
          .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, JAVA_LONG)))
          .orElse(null);

  private LlamaLibrary(Path path, SymbolLookup lookup) {
    this.path = path;
    this.lookup = lookup;
    backendInit = handle("llama_backend_init", FunctionDescriptor.ofVoid());
    logSet = handle("llama_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    modelDefaultParams =
        handle("llama_model_default_params", FunctionDescriptor.of(NativeLayouts.MODEL_PARAMS));
    contextDefaultParams =
        handle("llama_context_default_params", FunctionDescriptor.of(NativeLayouts.CONTEXT_PARAMS));
    modelLoadFromFile =
        handle(
            "llama_model_load_from_file",
            FunctionDescriptor.of(ADDRESS, ADDRESS, NativeLayouts.MODEL_PARAMS));
    initFromModel =
        handle(
            "llama_init_from_model",
            FunctionDescriptor.of(ADDRESS, ADDRESS, NativeLayouts.CONTEXT_PARAMS));
    modelFree = handle("llama_model_free", FunctionDescriptor.ofVoid(ADDRESS));
    free = handle("llama_free", FunctionDescriptor.ofVoid(ADDRESS));
    modelGetVocab = handle("llama_model_get_vocab", FunctionDescriptor.of(ADDRESS, ADDRESS));
    vocabNTokens = handle("llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    vocabIsEog =
        handle("llama_vocab_is_eog", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT));
    tokenize =
        handle(
            "llama_tokenize",
            FunctionDescriptor.of(
                JAVA_INT,
                ADDRESS,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                JAVA_BOOLEAN,
                JAVA_BOOLEAN));
    tokenToPiece =
        handle(
            "llama_token_to_piece",
            FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BOOLEAN));
    detokenize =
        handle(
            "llama_detokenize",
            FunctionDescriptor.of(
                JAVA_INT,
                ADDRESS,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                JAVA_BOOLEAN,
                JAVA_BOOLEAN));
    batchInit =
        handle(
            "llama_batch_init",
            FunctionDescriptor.of(NativeLayouts.BATCH, JAVA_INT, JAVA_INT, JAVA_INT));
    batchGetOne =
        handle(
            "llama_batch_get_one", FunctionDescriptor.of(NativeLayouts.BATCH, ADDRESS, JAVA_INT));
    batchFree = handle("llama_batch_free", FunctionDescriptor.ofVoid(NativeLayouts.BATCH));
    decode = handle("llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, NativeLayouts.BATCH));
    nCtx = handle("llama_n_ctx", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // b4916 exports both names; later builds keep only llama_kv_self_seq_rm (then
    // llama_memory_seq_rm).
    FunctionDescriptor seqRmDescriptor =
        FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
    seqRm =
        optionalHandle("llama_kv_self_seq_rm", seqRmDescriptor)
            .orElseGet(() -> handle("llama_kv_cache_seq_rm", seqRmDescriptor));
    setAbortCallback =
        optionalHandle(
                "llama_set_abort_callback", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS))
            .orElse(null);
    samplerChainDefaultParams =
        handle(
            "llama_sampler_chain_default_params",
            FunctionDescriptor.of(NativeLayouts.SAMPLER_CHAIN_PARAMS));
    samplerChainInit =
        handle(
            "llama_sampler_chain_init",
            FunctionDescriptor.of(ADDRESS, NativeLayouts.SAMPLER_CHAIN_PARAMS));
    samplerChainAdd =
        handle("llama_sampler_chain_add", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    samplerInitGreedy = handle("llama_sampler_init_greedy", FunctionDescriptor.of(ADDRESS));
    samplerInitDist = handle("llama_sampler_init_dist", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    samplerInitTemp = handle("llama_sampler_init_temp", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT));
    samplerInitTopK = handle("llama_sampler_init_top_k", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    samplerInitTopP =
        handle("llama_sampler_init_top_p", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT, JAVA_LONG));
    samplerInitGrammar =
        handle(
            "llama_sampler_init_grammar",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    samplerSample =
        handle("llama_sampler_sample", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    samplerFree = handle("llama_sampler_free", FunctionDescriptor.ofVoid(ADDRESS));
  }

  /**
   * Opens the library at {@code file} (once per JVM), checks its struct layouts, routes its log
   * into {@link NativeLog} and initialises the backend.
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
          ("cannot open the llama.cpp library %s (%s). It needs libgomp.so.1 (Debian/Ubuntu:"
                  + " apt-get install libgomp1), glibc >= 2.17 and libstdc++; a custom build must"
                  + " export the llama.h API of llama.cpp b4916. Java must run with"
                  + " --enable-native-access=ALL-UNNAMED.")
              .formatted(file, e.getMessage()),
          e);
    }
    LlamaLibrary library = new LlamaLibrary(file, lookup);
    LayoutCheck.verify(library);
    library.logSet(NativeLog.callback(), MemorySegment.NULL);
    library.backendInit();
    return library;
  }

  private MethodHandle handle(String name, FunctionDescriptor descriptor) {
    return optionalHandle(name, descriptor)
        .orElseThrow(
            () ->
                new NativeLibraryException(
                    ("the library %s does not export %s: it is not a llama.cpp build with the b4916"
                            + " llama.h API; point symposium.llama.library at a matching build or"
                            + " remove the setting to use the bundled one")
                        .formatted(path, name)));
  }

  private java.util.Optional<MethodHandle> optionalHandle(
      String name, FunctionDescriptor descriptor) {
    return lookup.find(name).map(symbol -> LINKER.downcallHandle(symbol, descriptor));
  }

  /**
   * STYLE.md rule 14: llama.cpp blocks for milliseconds to seconds, so it must never run on a Netty
   * event loop (or any other thread Reactor marks non-blocking).
   */
  static void guardThread() {
    if (Schedulers.isInNonBlockingThread()) {
      throw new IllegalStateException("llama.cpp called on a non-blocking thread");
    }
  }

  private static RuntimeException rethrow(String function, Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call " + function + " failed", t);
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

  boolean hasAbortCallback() {
    return setAbortCallback != null;
  }

  // ---- downcalls: one wrapper each, same order as in llama.h ----

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

  MemorySegment modelGetVocab(MemorySegment model) {
    guardThread();
    try {
      return (MemorySegment) modelGetVocab.invokeExact(model);
    } catch (Throwable t) {
      throw rethrow("llama_model_get_vocab", t);
    }
  }

  int vocabNTokens(MemorySegment vocab) {
    guardThread();
    try {
      return (int) vocabNTokens.invokeExact(vocab);
    } catch (Throwable t) {
      throw rethrow("llama_vocab_n_tokens", t);
    }
  }

  boolean vocabIsEog(MemorySegment vocab, int token) {
    try {
      return (boolean) vocabIsEog.invokeExact(vocab, token);
    } catch (Throwable t) {
      throw rethrow("llama_vocab_is_eog", t);
    }
  }

  int tokenize(
      MemorySegment vocab,
      MemorySegment text,
      int textLength,
      MemorySegment tokens,
      int maxTokens,
      boolean addSpecial,
      boolean parseSpecial) {
    guardThread();
    try {
      return (int)
          tokenize.invokeExact(
              vocab, text, textLength, tokens, maxTokens, addSpecial, parseSpecial);
    } catch (Throwable t) {
      throw rethrow("llama_tokenize", t);
    }
  }

  int tokenToPiece(
      MemorySegment vocab,
      int token,
      MemorySegment buffer,
      int length,
      int lstrip,
      boolean special) {
    try {
      return (int) tokenToPiece.invokeExact(vocab, token, buffer, length, lstrip, special);
    } catch (Throwable t) {
      throw rethrow("llama_token_to_piece", t);
    }
  }

  int detokenize(
      MemorySegment vocab,
      MemorySegment tokens,
      int count,
      MemorySegment text,
      int maxLength,
      boolean removeSpecial,
      boolean unparseSpecial) {
    guardThread();
    try {
      return (int)
          detokenize.invokeExact(
              vocab, tokens, count, text, maxLength, removeSpecial, unparseSpecial);
    } catch (Throwable t) {
      throw rethrow("llama_detokenize", t);
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

  int nCtx(MemorySegment context) {
    try {
      return (int) nCtx.invokeExact(context);
    } catch (Throwable t) {
      throw rethrow("llama_n_ctx", t);
    }
  }

  boolean seqRm(MemorySegment context, int sequence, int fromPosition, int toPosition) {
    guardThread();
    try {
      return (boolean) seqRm.invokeExact(context, sequence, fromPosition, toPosition);
    } catch (Throwable t) {
      throw rethrow("llama_kv_self_seq_rm", t);
    }
  }

  void setAbortCallback(MemorySegment context, MemorySegment callback, MemorySegment data) {
    MethodHandle h = setAbortCallback;
    if (h == null) {
      return;
    }
    try {
      h.invokeExact(context, callback, data);
    } catch (Throwable t) {
      throw rethrow("llama_set_abort_callback", t);
    }
  }

  MemorySegment samplerChainInit() {
    guardThread();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment params =
          (MemorySegment) samplerChainDefaultParams.invokeExact((SegmentAllocator) arena);
      return (MemorySegment) samplerChainInit.invokeExact(params);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_chain_init", t);
    }
  }

  void samplerChainAdd(MemorySegment chain, MemorySegment sampler) {
    try {
      samplerChainAdd.invokeExact(chain, sampler);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_chain_add", t);
    }
  }

  MemorySegment samplerInitGreedy() {
    try {
      return (MemorySegment) samplerInitGreedy.invokeExact();
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_greedy", t);
    }
  }

  MemorySegment samplerInitDist(int seed) {
    try {
      return (MemorySegment) samplerInitDist.invokeExact(seed);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_dist", t);
    }
  }

  MemorySegment samplerInitTemp(float temperature) {
    try {
      return (MemorySegment) samplerInitTemp.invokeExact(temperature);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_temp", t);
    }
  }

  MemorySegment samplerInitTopK(int k) {
    try {
      return (MemorySegment) samplerInitTopK.invokeExact(k);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_top_k", t);
    }
  }

  MemorySegment samplerInitTopP(float p, long minKeep) {
    try {
      return (MemorySegment) samplerInitTopP.invokeExact(p, minKeep);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_top_p", t);
    }
  }

  MemorySegment samplerInitGrammar(MemorySegment vocab, MemorySegment grammar, MemorySegment root) {
    guardThread();
    try {
      return (MemorySegment) samplerInitGrammar.invokeExact(vocab, grammar, root);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_grammar", t);
    }
  }

  int samplerSample(MemorySegment sampler, MemorySegment context, int index) {
    guardThread();
    try {
      return (int) samplerSample.invokeExact(sampler, context, index);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_sample", t);
    }
  }

  void samplerFree(MemorySegment sampler) {
    try {
      samplerFree.invokeExact(sampler);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_free", t);
    }
  }
}
