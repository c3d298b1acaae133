package io.symposium.pool.llamacpp.engine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * The body of a model's decode thread: it loads the model, owns every native object of it (model,
 * context, batch, samplers, all allocated in one confined arena) and runs the decode loop until the
 * model is closed, then frees everything.
 *
 * <p>Continuous batching over llama.cpp's sequences (research/llamacpp-java.md §3.4): each running
 * generation holds one sequence id (its slot). A step packs, into one {@code llama_batch}, the one
 * pending token of every generating sequence and then as much of the waiting prompts as fits {@code
 * n_batch}, with logits requested only on each sequence's last token; one {@code llama_decode}
 * computes them all, and each sequence samples from its own logits row with its own sampler chain.
 * A finished sequence's KV cells are removed and its slot is reused by the next queued request.
 */
final class ModelWorker implements Runnable {
  private static final System.Logger LOG = System.getLogger(ModelWorker.class.getName());
  private static final int PIECE_BUFFER = 256;

  private final LlamaLibrary lib;
  private final LoadPlan plan;
  private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final ArrayDeque<RunningGeneration> waiting = new ArrayDeque<>();
  private final @Nullable Sequence[] slots;
  final CompletableFuture<ModelInfo> loaded = new CompletableFuture<>();
  final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile boolean closeRequested;
  private final Object sealLock = new Object();
  private boolean sealed; // guarded by sealLock: no task is accepted any more
  private volatile Sequence @Nullable [] decoding;
  private volatile @Nullable Thread thread;
  private List<String> loadLog = List.of();
  private int active;

  // native state: touched only on the decode thread
  private @Nullable Arena arena;
  private MemorySegment model = MemorySegment.NULL;
  private MemorySegment context = MemorySegment.NULL;
  private MemorySegment vocab = MemorySegment.NULL;
  private @Nullable MemorySegment batch;
  private MemorySegment batchTokens = MemorySegment.NULL;
  private MemorySegment batchPositions = MemorySegment.NULL;
  private MemorySegment batchSequenceCounts = MemorySegment.NULL;
  private MemorySegment batchLogits = MemorySegment.NULL;
  private MemorySegment[] batchSequenceIds = new MemorySegment[0];
  private MemorySegment pieceBuffer = MemorySegment.NULL;
  private int vocabularySize;
  private int nativeContext;

  ModelWorker(LlamaLibrary lib, LoadPlan plan) {
    this.lib = lib;
    this.plan = plan;
    this.slots = new Sequence[plan.settings().parallelSequences()];
  }

  // ---- called from other threads ----

  void start(Thread decodeThread) {
    thread = decodeThread;
    decodeThread.start();
  }

  boolean isDecodeThread() {
    return Thread.currentThread() == thread;
  }

  void submit(List<RunningGeneration> generations) {
    post(() -> waiting.addAll(generations), generations);
  }

  <T> CompletableFuture<T> call(Callable<T> task) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Runnable run =
        () -> {
          try {
            future.complete(closeRequested ? failWithClosed() : task.call());
          } catch (Throwable t) {
            future.completeExceptionally(t);
          }
        };
    synchronized (sealLock) {
      if (!sealed) {
        inbox.add(run);
        return future;
      }
    }
    future.completeExceptionally(closedException());
    return future;
  }

  void wake() {
    inbox.add(() -> {});
  }

  void requestClose() {
    closeRequested = true;
    wake();
  }

  List<String> loadLog() {
    return loadLog;
  }

  private void post(Runnable task, List<RunningGeneration> owners) {
    synchronized (sealLock) {
      if (!sealed) {
        inbox.add(task);
        return;
      }
    }
    owners.forEach(g -> g.fail(closedException()));
  }

  private <T> T failWithClosed() {
    throw closedException();
  }

  private ModelClosedException closedException() {
    return new ModelClosedException("model '%s' was unloaded; load it again".formatted(plan.id()));
  }

  /**
   * llama.cpp's abort callback: stop the running decode when the model closes or every sequence in
   * it was cancelled.
   */
  @SuppressWarnings("unused") // called from native code
  private boolean abortRequested(MemorySegment data) {
    if (closeRequested) {
      return true;
    }
    Sequence[] step = decoding;
    if (step == null || step.length == 0) {
      return false;
    }
    for (Sequence s : step) {
      if (!s.generation.isCancelled()) {
        return false;
      }
    }
    return true;
  }

  // ---- the decode thread ----

  @Override
  public void run() {
    Arena own = Arena.ofConfined();
    arena = own;
    try {
      load(own);
      loaded.complete(info());
      loop();
    } catch (Throwable t) {
      if (!loaded.isDone()) {
        loaded.completeExceptionally(t);
      } else {
        LOG.log(System.Logger.Level.ERROR, "decode loop of model '" + plan.id() + "' failed", t);
      }
    } finally {
      closeRequested = true;
      failEverything();
      freeNative();
      own.close();
      arena = null;
      closed.complete(null);
    }
  }

  private void load(Arena arena) {
    ModelSettings settings = plan.settings();
    NativeLog.startCapture();
    try {
      MemorySegment modelParams = lib.modelDefaultParams(arena);
      modelParams.set(JAVA_INT, NativeLayouts.MP_N_GPU_LAYERS, settings.gpuLayers());
      modelParams.set(
          JAVA_BOOLEAN,
          NativeLayouts.MP_USE_MMAP,
          settings.weightLoading() == WeightLoading.MEMORY_MAPPED);
      if (!plan.overrides().isEmpty()) {
        modelParams.set(ADDRESS, NativeLayouts.MP_KV_OVERRIDES, overrides(arena, plan.overrides()));
      }
      model = lib.modelLoadFromFile(arena.allocateFrom(plan.file().toString()), modelParams);
      if (model.equals(MemorySegment.NULL)) {
        throw new ModelLoadException(
            "llama.cpp could not load model '%s' from %s: %s"
                .formatted(plan.id(), plan.file(), NativeLog.describeRecent()));
      }
      MemorySegment contextParams = lib.contextDefaultParams(arena);
      // headroom of one sequence beyond contextSize × sequences: sequences come and go, the unified
      // KV
      // cache fragments, and llama.cpp needs each batch's cells in one contiguous run
      int totalContext =
          settings.contextSize() * settings.parallelSequences()
              + (settings.parallelSequences() > 1 ? settings.contextSize() : 0);
      contextParams.set(JAVA_INT, NativeLayouts.CP_N_CTX, totalContext);
      contextParams.set(JAVA_INT, NativeLayouts.CP_N_BATCH, settings.batchSize());
      contextParams.set(JAVA_INT, NativeLayouts.CP_N_UBATCH, Math.min(settings.batchSize(), 512));
      contextParams.set(JAVA_INT, NativeLayouts.CP_N_SEQ_MAX, settings.parallelSequences());
      contextParams.set(JAVA_INT, NativeLayouts.CP_N_THREADS, settings.threads());
      contextParams.set(JAVA_INT, NativeLayouts.CP_N_THREADS_BATCH, settings.threads());
      // sequences come and go, so the unified KV cache fragments; let llama.cpp defragment it
      contextParams.set(JAVA_FLOAT, NativeLayouts.CP_DEFRAG_THOLD, 0.1f);
      contextParams.set(JAVA_BOOLEAN, NativeLayouts.CP_NO_PERF, true);
      context = lib.initFromModel(model, contextParams);
      if (context.equals(MemorySegment.NULL)) {
        throw new ModelLoadException(
            "llama.cpp loaded model '%s' but could not create its context of %d tokens (%d per sequence × %d): %s;"
                    .formatted(
                        plan.id(),
                        totalContext,
                        settings.contextSize(),
                        settings.parallelSequences(),
                        NativeLog.describeRecent())
                + " lower the context size or the parallel sequences");
      }
      nativeContext = lib.nCtx(context);
      vocab = lib.modelGetVocab(model);
      vocabularySize = lib.vocabNTokens(vocab);
      if (lib.hasAbortCallback()) {
        var handle =
            MethodHandles.lookup()
                .findVirtual(
                    ModelWorker.class,
                    "abortRequested",
                    MethodType.methodType(boolean.class, MemorySegment.class))
                .bindTo(this);
        MemorySegment stub =
            Linker.nativeLinker()
                .upcallStub(handle, FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS), arena);
        lib.setAbortCallback(context, stub, MemorySegment.NULL);
      }
      int n = settings.batchSize();
      MemorySegment b = lib.batchInit(arena, n, 0, 1);
      batch = b;
      batchTokens = b.get(ADDRESS, NativeLayouts.B_TOKEN).reinterpret(4L * n);
      batchPositions = b.get(ADDRESS, NativeLayouts.B_POS).reinterpret(4L * n);
      batchSequenceCounts = b.get(ADDRESS, NativeLayouts.B_N_SEQ_ID).reinterpret(4L * n);
      batchLogits = b.get(ADDRESS, NativeLayouts.B_LOGITS).reinterpret(n);
      MemorySegment seqIdPointers =
          b.get(ADDRESS, NativeLayouts.B_SEQ_ID).reinterpret(ADDRESS.byteSize() * n);
      batchSequenceIds = new MemorySegment[n];
      for (int i = 0; i < n; i++) {
        batchSequenceIds[i] = seqIdPointers.getAtIndex(ADDRESS, i).reinterpret(4);
      }
      pieceBuffer = arena.allocate(PIECE_BUFFER);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    } finally {
      loadLog = NativeLog.stopCapture();
    }
    checkOverridesApplied();
  }

  /**
   * llama.cpp logs each override it applies ({@code validate_override: Using metadata override …
   * 'key'}); an override it did not see means the {@code llama_model_kv_override} layout is not
   * what we wrote.
   */
  private void checkOverridesApplied() {
    for (MetadataOverride o : plan.overrides()) {
      String quoted = "'" + o.key() + "'";
      boolean seen =
          loadLog.stream().anyMatch(line -> line.contains("override") && line.contains(quoted));
      if (!seen) {
        throw new NativeLibraryException(
            ("llama.cpp did not report applying the metadata override %s while loading %s; the"
                    + " library's llama_model_kv_override layout may differ from llama.cpp b4916's,"
                    + " refusing to run it")
                .formatted(quoted, plan.file()));
      }
    }
  }

  private static MemorySegment overrides(Arena arena, List<MetadataOverride> overrides) {
    // zeroed, so the entry after the last one is the terminator llama.cpp looks for (key[0] == 0)
    MemorySegment all = arena.allocate(NativeLayouts.KV_OVERRIDE, overrides.size() + 1L);
    for (int i = 0; i < overrides.size(); i++) {
      MemorySegment entry =
          all.asSlice(i * NativeLayouts.KV_OVERRIDE_SIZE, NativeLayouts.KV_OVERRIDE_SIZE);
      MetadataOverride o = overrides.get(i);
      byte[] key = o.key().getBytes(StandardCharsets.UTF_8);
      MemorySegment.copy(key, 0, entry, JAVA_BYTE, NativeLayouts.KV_KEY, key.length);
      long value = NativeLayouts.KV_VALUE;
      switch (o) {
        case MetadataOverride.IntOverride v -> {
          entry.set(JAVA_INT, NativeLayouts.KV_TAG, NativeLayouts.OVERRIDE_INT);
          entry.set(JAVA_LONG, value, v.value());
        }
        case MetadataOverride.FloatOverride v -> {
          entry.set(JAVA_INT, NativeLayouts.KV_TAG, NativeLayouts.OVERRIDE_FLOAT);
          entry.set(JAVA_DOUBLE, value, v.value());
        }
        case MetadataOverride.BoolOverride v -> {
          entry.set(JAVA_INT, NativeLayouts.KV_TAG, NativeLayouts.OVERRIDE_BOOL);
          entry.set(JAVA_BOOLEAN, value, v.value());
        }
        case MetadataOverride.StringOverride v -> {
          entry.set(JAVA_INT, NativeLayouts.KV_TAG, NativeLayouts.OVERRIDE_STR);
          byte[] s = v.value().getBytes(StandardCharsets.UTF_8);
          MemorySegment.copy(s, 0, entry, JAVA_BYTE, value, s.length);
        }
      }
    }
    return all;
  }

  private ModelInfo info() {
    ModelSettings s = plan.settings();
    return new ModelInfo(
        plan.id(),
        plan.file(),
        plan.architecture(),
        s.contextSize(),
        s.parallelSequences(),
        nativeContext,
        vocabularySize,
        plan.expertCount(),
        plan.expertUsedCount());
  }

  private void loop() throws InterruptedException {
    while (true) {
      Runnable task = active == 0 && waiting.isEmpty() ? inbox.take() : inbox.poll();
      while (task != null) {
        task.run();
        task = inbox.poll();
      }
      if (closeRequested) {
        return;
      }
      finishCancelled();
      admit();
      if (active > 0) {
        step();
      }
    }
  }

  private void finishCancelled() {
    waiting.removeIf(
        g -> {
          if (g.isCancelled()) {
            g.complete(
                new GenerationResult(
                    "", 0, 0, EngineFinish.CANCELLED, Duration.ZERO, Duration.ZERO));
            return true;
          }
          return false;
        });
    for (Sequence s : slots) {
      if (s != null && s.generation.isCancelled()) {
        finish(s, EngineFinish.CANCELLED);
      }
    }
  }

  private void admit() {
    for (int slot = 0; slot < slots.length && !waiting.isEmpty(); slot++) {
      if (slots[slot] != null) {
        continue;
      }
      RunningGeneration g = waiting.poll();
      try {
        slots[slot] = startSequence(g, slot);
        active++;
      } catch (RuntimeException e) {
        g.fail(e);
        slot--; // the slot is still free: offer it to the next waiting request
      }
    }
  }

  private Sequence startSequence(RunningGeneration g, int slot) {
    GenerationRequest request = g.request();
    int[] prompt = tokenize(request.prompt());
    if (prompt.length == 0) {
      throw new RejectedInputException(
          "the prompt is empty after tokenization; give at least one token of text");
    }
    int limit = plan.settings().contextSize();
    Integer asked = request.maxTokens();
    if (asked == null && prompt.length >= limit) {
      throw new ContextOverflowException(
          ("the prompt has %d tokens, which leaves none of the %d-token context per sequence of"
                  + " model '%s' to answer in; shorten the prompt, or load the model with a larger"
                  + " context size")
              .formatted(prompt.length, limit, plan.id()));
    }
    if (asked != null && (long) prompt.length + asked > limit) {
      throw new ContextOverflowException(
          ("the prompt has %d tokens and max tokens is %d: together %d, more than the %d-token"
                  + " context per sequence of model '%s'; shorten the prompt, lower max tokens, or"
                  + " load the model with a larger context size")
              .formatted(prompt.length, asked, prompt.length + asked, limit, plan.id()));
    }
    // without a client limit, the answer may use whatever the context leaves
    int maxTokens = asked != null ? asked : limit - prompt.length;
    MemorySegment sampler = samplerFor(request);
    lib.seqRm(context, slot, -1, -1);
    return new Sequence(
        g, slot, prompt, maxTokens, sampler, new TextAssembler(request.stop()), System.nanoTime());
  }

  private MemorySegment samplerFor(GenerationRequest request) {
    MemorySegment chain = lib.samplerChainInit();
    try {
      String grammar = request.grammar();
      if (grammar != null) {
        NativeLog.clearRecent();
        MemorySegment constrained;
        try (Arena scratch = Arena.ofConfined()) {
          constrained =
              lib.samplerInitGrammar(
                  vocab, scratch.allocateFrom(grammar), scratch.allocateFrom("root"));
        }
        if (constrained.equals(MemorySegment.NULL) || !GrammarProbe.parsed(constrained, grammar)) {
          if (!constrained.equals(MemorySegment.NULL)) {
            lib.samplerFree(constrained);
          }
          throw new RejectedInputException(
              "the GBNF grammar was rejected by llama.cpp's parser; fix it (it needs a 'root' rule"
                  + " and only defined rules; llama.cpp prints the parse error on stderr)");
        }
        lib.samplerChainAdd(chain, constrained);
      }
      Sampling sampling = request.sampling();
      if (sampling.isGreedy()) {
        lib.samplerChainAdd(chain, lib.samplerInitGreedy());
      } else {
        if (sampling.topK() > 0) {
          lib.samplerChainAdd(chain, lib.samplerInitTopK(sampling.topK()));
        }
        if (sampling.topP() < 1) {
          lib.samplerChainAdd(chain, lib.samplerInitTopP(sampling.topP(), 1));
        }
        lib.samplerChainAdd(chain, lib.samplerInitTemp(sampling.temperature()));
        lib.samplerChainAdd(chain, lib.samplerInitDist((int) sampling.seed()));
      }
      return chain;
    } catch (RuntimeException e) {
      lib.samplerFree(chain); // frees the samplers already added, too
      throw e;
    }
  }

  private void step() {
    int capacity = batchTokens.byteSize() > 0 ? (int) (batchTokens.byteSize() / 4) : 0;
    List<Sequence> inStep = new ArrayList<>(active);
    int n = 0;
    // generating sequences first (one token each), so a long prompt never starves them
    for (int pass = 0; pass < 2; pass++) {
      for (Sequence s : slots) {
        if (s == null || s.isPrompting() != (pass == 1) || n == capacity) {
          continue;
        }
        int take = Math.min(s.pendingCount(), capacity - n);
        for (int j = 0; j < take; j++) {
          batchTokens.setAtIndex(JAVA_INT, n, s.pendingToken(j));
          batchPositions.setAtIndex(JAVA_INT, n, s.position + j);
          batchSequenceCounts.setAtIndex(JAVA_INT, n, 1);
          batchSequenceIds[n].set(JAVA_INT, 0, s.slot);
          batchLogits.set(JAVA_BYTE, n, (byte) 0);
          n++;
        }
        s.consume(take);
        if (s.pendingCount() == 0) {
          batchLogits.set(JAVA_BYTE, n - 1, (byte) 1);
          s.outputIndex = n - 1;
        } else {
          s.outputIndex = -1;
        }
        inStep.add(s);
      }
    }
    MemorySegment b = batch;
    if (b == null || n == 0) {
      return;
    }
    b.set(JAVA_INT, NativeLayouts.B_N_TOKENS, n);
    decoding = inStep.toArray(Sequence[]::new);
    int rc;
    try {
      rc = lib.decode(context, b);
    } finally {
      decoding = null;
    }
    if (rc != 0) {
      decodeFailed(rc, inStep);
      return;
    }
    for (Sequence s : inStep) {
      if (s.outputIndex < 0) {
        continue;
      }
      if (s.generation.isCancelled()) {
        finish(s, EngineFinish.CANCELLED);
        continue;
      }
      int token = lib.samplerSample(s.sampler, context, s.outputIndex);
      accept(s, token);
    }
  }

  private void accept(Sequence s, int token) {
    long now = System.nanoTime();
    if (s.firstSampleNanos == 0) {
      s.firstSampleNanos = now;
    }
    if (lib.vocabIsEog(vocab, token)) {
      finish(s, EngineFinish.END_OF_GENERATION);
      return;
    }
    s.generated++;
    if (!emit(s, s.text.append(piece(token)))) {
      return;
    }
    if (s.text.stopped()) {
      finish(s, EngineFinish.STOP_STRING);
    } else if (s.generated >= s.maxTokens) {
      finish(s, EngineFinish.MAX_TOKENS);
    } else {
      s.next(token);
    }
  }

  /** Streams a piece; a consumer that throws ends its generation with that exception. */
  private boolean emit(Sequence s, String piece) {
    try {
      s.generation.emit(piece);
      return true;
    } catch (RuntimeException e) {
      release(s);
      s.generation.fail(e);
      return false;
    }
  }

  private byte[] piece(int token) {
    int n = lib.tokenToPiece(vocab, token, pieceBuffer, PIECE_BUFFER, 0, false);
    if (n >= 0) {
      return pieceBuffer.asSlice(0, n).toArray(JAVA_BYTE);
    }
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment big = scratch.allocate(-n);
      int m = lib.tokenToPiece(vocab, token, big, -n, 0, false);
      return big.asSlice(0, Math.max(0, m)).toArray(JAVA_BYTE);
    }
  }

  private void finish(Sequence s, EngineFinish reason) {
    if (!emit(s, s.text.finish())) {
      return;
    }
    release(s);
    long end = System.nanoTime();
    long first = s.firstSampleNanos == 0 ? end : s.firstSampleNanos;
    s.generation.complete(
        new GenerationResult(
            s.text.text(),
            s.promptTokens,
            s.generated,
            reason,
            Duration.ofNanos(first - s.admittedNanos),
            Duration.ofNanos(end - first)));
  }

  private void decodeFailed(int rc, List<Sequence> inStep) {
    String log = NativeLog.describeRecent();
    for (Sequence s : inStep) {
      if (closeRequested) {
        release(s);
        s.generation.fail(closedException());
      } else if (s.generation.isCancelled()) {
        finish(s, EngineFinish.CANCELLED);
      } else {
        release(s);
        s.generation.fail(
            new DecodeException(
                switch (rc) {
                  case 1 ->
                      ("llama_decode found no room in the KV cache of model '%s' (%d cells) for a"
                              + " batch of %d sequences; retry, or load the model with a larger"
                              + " context")
                          .formatted(plan.id(), nativeContext, inStep.size());
                  case 2 -> "llama_decode was aborted";
                  default ->
                      "llama_decode failed with code %d on model '%s': %s"
                          .formatted(rc, plan.id(), log);
                },
                rc));
      }
    }
  }

  /** Frees a sequence's sampler and KV cells and its slot. */
  private void release(Sequence s) {
    if (slots[s.slot] != s) {
      return;
    }
    slots[s.slot] = null;
    active--;
    lib.samplerFree(s.sampler);
    lib.seqRm(context, s.slot, -1, -1);
  }

  // ---- tokens <-> text (decode thread) ----

  int[] tokenize(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment bytes = scratch.allocate(Math.max(1, utf8.length));
      MemorySegment.copy(utf8, 0, bytes, JAVA_BYTE, 0, utf8.length);
      int capacity = utf8.length + 8;
      MemorySegment tokens = scratch.allocate(JAVA_INT, capacity);
      int n = lib.tokenize(vocab, bytes, utf8.length, tokens, capacity, true, true);
      if (n < 0 && n != Integer.MIN_VALUE) {
        capacity = -n;
        tokens = scratch.allocate(JAVA_INT, capacity);
        n = lib.tokenize(vocab, bytes, utf8.length, tokens, capacity, true, true);
      }
      if (n < 0) {
        throw new RejectedInputException(
            "the text is too long to tokenize (%d bytes)".formatted(utf8.length));
      }
      return tokens.asSlice(0, 4L * n).toArray(JAVA_INT);
    }
  }

  String detokenize(int[] tokens) {
    for (int t : tokens) {
      if (t < 0 || t >= vocabularySize) {
        throw new RejectedInputException(
            "token id %d is outside the vocabulary of model '%s' (0..%d)"
                .formatted(t, plan.id(), vocabularySize - 1));
      }
    }
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment ids = scratch.allocate(JAVA_INT, Math.max(1, tokens.length));
      MemorySegment.copy(tokens, 0, ids, JAVA_INT, 0, tokens.length);
      int capacity = tokens.length * 8 + 16;
      MemorySegment text = scratch.allocate(capacity);
      int n = lib.detokenize(vocab, ids, tokens.length, text, capacity, true, false);
      if (n < 0) {
        capacity = -n;
        text = scratch.allocate(capacity);
        n = lib.detokenize(vocab, ids, tokens.length, text, capacity, true, false);
      }
      return new String(text.asSlice(0, Math.max(0, n)).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }
  }

  // ---- shutdown (decode thread) ----

  private void failEverything() {
    synchronized (sealLock) {
      sealed = true;
    }
    Runnable task;
    while ((task = inbox.poll()) != null) {
      task.run(); // queued submissions land in `waiting`, queued calls complete or fail below
    }
    for (RunningGeneration g : waiting) {
      g.fail(closedException());
    }
    waiting.clear();
    for (Sequence s : slots) {
      if (s != null) {
        release(s);
        s.generation.fail(closedException());
      }
    }
  }

  private void freeNative() {
    MemorySegment b = batch;
    if (b != null) {
      lib.batchFree(b);
      batch = null;
    }
    if (!context.equals(MemorySegment.NULL)) {
      lib.free(context);
      context = MemorySegment.NULL;
    }
    if (!model.equals(MemorySegment.NULL)) {
      lib.modelFree(model);
      model = MemorySegment.NULL;
    }
    LlamaLibrary.releaseFreedMemory();
  }

  /** One running generation: its slot (sequence id), pending tokens, sampler and text. */
  private static final class Sequence {
    final RunningGeneration generation;
    final int slot;
    final MemorySegment sampler;
    final TextAssembler text;
    final long admittedNanos;
    final int promptTokens;
    final int maxTokens;
    int[] pending;
    int pendingStart;
    int position;
    int outputIndex = -1;
    int generated;
    long firstSampleNanos;

    Sequence(
        RunningGeneration generation,
        int slot,
        int[] prompt,
        int maxTokens,
        MemorySegment sampler,
        TextAssembler text,
        long admittedNanos) {
      this.generation = generation;
      this.slot = slot;
      this.pending = prompt;
      this.promptTokens = prompt.length;
      this.maxTokens = maxTokens;
      this.sampler = sampler;
      this.text = text;
      this.admittedNanos = admittedNanos;
    }

    boolean isPrompting() {
      return generated == 0 && firstSampleNanos == 0;
    }

    int pendingCount() {
      return pending.length - pendingStart;
    }

    int pendingToken(int i) {
      return pending[pendingStart + i];
    }

    void consume(int count) {
      pendingStart += count;
      position += count;
    }

    void next(int token) {
      pending = new int[] {token};
      pendingStart = 0;
    }

    @Override
    public String toString() {
      return "Sequence[slot=%d, position=%d, pending=%s]"
          .formatted(slot, position, Arrays.toString(pending));
    }
  }
}
