package io.symposium.pool.llamacpp.engine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One model's native objects — model, context, its memory (KV cache), vocabulary, the reusable
 * batch — and the calls the decode loop makes on them. Created, used and freed on the model's
 * decode thread only; everything it allocates lives in that thread's confined arena.
 */
final class NativeModel {
  private static final int PIECE_BUFFER = 256;

  private final LlamaLibrary lib;
  private final LoadPlan plan;
  private final BooleanSupplier abortRequested;
  private MemorySegment model = MemorySegment.NULL;
  private MemorySegment context = MemorySegment.NULL;
  private MemorySegment memory = MemorySegment.NULL;
  private MemorySegment vocab = MemorySegment.NULL;
  private MemorySegment batch = MemorySegment.NULL;
  private MemorySegment batchTokens = MemorySegment.NULL;
  private MemorySegment batchPositions = MemorySegment.NULL;
  private MemorySegment batchSequenceCounts = MemorySegment.NULL;
  private MemorySegment batchLogits = MemorySegment.NULL;
  private MemorySegment[] batchSequenceIds = new MemorySegment[0];
  private MemorySegment pieceBuffer = MemorySegment.NULL;
  private int capacity;
  private int vocabularySize;
  private int nativeContext;
  private List<String> loadLog = List.of();

  private NativeModel(LlamaLibrary lib, LoadPlan plan, BooleanSupplier abortRequested) {
    this.lib = lib;
    this.plan = plan;
    this.abortRequested = abortRequested;
  }

  /**
   * Loads the plan's model and creates its context; {@code abortRequested} is polled by llama.cpp
   * during a decode (it must not throw). On failure whatever was created is freed again.
   */
  static NativeModel load(
      LlamaLibrary lib, LoadPlan plan, Arena arena, BooleanSupplier abortRequested) {
    NativeModel m = new NativeModel(lib, plan, abortRequested);
    try {
      m.create(arena);
      return m;
    } catch (RuntimeException | Error e) {
      m.free();
      throw e;
    }
  }

  private void create(Arena arena) {
    ModelSettings settings = plan.settings();
    NativeLog.startCapture();
    try {
      MemorySegment mp = lib.modelDefaultParams(arena);
      mp.set(JAVA_INT, NativeLayouts.MP_N_GPU_LAYERS, settings.gpuLayers());
      mp.set(
          JAVA_INT,
          NativeLayouts.MP_LOAD_MODE,
          settings.weightLoading() == WeightLoading.MEMORY_MAPPED
              ? NativeLayouts.LOAD_MODE_MMAP
              : NativeLayouts.LOAD_MODE_NONE);
      if (!plan.overrides().isEmpty()) {
        mp.set(ADDRESS, NativeLayouts.MP_KV_OVERRIDES, overrides(arena, plan.overrides()));
      }
      model = lib.modelLoadFromFile(arena.allocateFrom(plan.file().toString()), mp);
      if (model.equals(MemorySegment.NULL)) {
        throw new ModelLoadException(
            "llama.cpp could not load model '%s' from %s: %s"
                .formatted(plan.id(), plan.file(), NativeLog.describeRecent()));
      }
      MemorySegment cp = lib.contextDefaultParams(arena);
      // one KV stream per sequence (kv_unified off): no sequence can crowd out another, and
      // attention reads only its own cells; llama.cpp pads each stream to a multiple of 256
      // cells anyway, so ask for that (it would otherwise warn and round)
      int perSequence = (settings.contextSize() + 255) / 256 * 256;
      int totalContext = perSequence * settings.parallelSequences();
      cp.set(JAVA_INT, NativeLayouts.CP_N_CTX, totalContext);
      cp.set(JAVA_INT, NativeLayouts.CP_N_BATCH, settings.batchSize());
      cp.set(JAVA_INT, NativeLayouts.CP_N_UBATCH, Math.min(settings.batchSize(), 512));
      cp.set(JAVA_INT, NativeLayouts.CP_N_SEQ_MAX, settings.parallelSequences());
      cp.set(JAVA_INT, NativeLayouts.CP_N_THREADS, settings.threads());
      cp.set(JAVA_INT, NativeLayouts.CP_N_THREADS_BATCH, settings.threads());
      cp.set(JAVA_BOOLEAN, NativeLayouts.CP_KV_UNIFIED, false);
      cp.set(JAVA_BOOLEAN, NativeLayouts.CP_NO_PERF, true);
      context = lib.initFromModel(model, cp);
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
      memory = lib.getMemory(context);
      vocab = lib.vocab.ofModel(model);
      vocabularySize = lib.vocab.nTokens(vocab);
      lib.setAbortCallback(context, abortStub(arena), MemorySegment.NULL);
      createBatch(arena, settings.batchSize());
      pieceBuffer = arena.allocate(PIECE_BUFFER);
    } finally {
      loadLog = NativeLog.stopCapture();
    }
    checkOverridesApplied();
  }

  private MemorySegment abortStub(Arena arena) {
    try {
      var handle =
          MethodHandles.lookup()
              .findVirtual(
                  NativeModel.class,
                  "abortRequested",
                  MethodType.methodType(boolean.class, MemorySegment.class))
              .bindTo(this);
      return Linker.nativeLinker()
          .upcallStub(handle, FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS), arena);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unused") // called from native code: ggml_abort_callback
  private boolean abortRequested(MemorySegment data) {
    return abortRequested.getAsBoolean();
  }

  private void createBatch(Arena arena, int n) {
    batch = lib.batchInit(arena, n, 0, 1);
    capacity = n;
    batchTokens = batch.get(ADDRESS, NativeLayouts.B_TOKEN).reinterpret(4L * n);
    batchPositions = batch.get(ADDRESS, NativeLayouts.B_POS).reinterpret(4L * n);
    batchSequenceCounts = batch.get(ADDRESS, NativeLayouts.B_N_SEQ_ID).reinterpret(4L * n);
    batchLogits = batch.get(ADDRESS, NativeLayouts.B_LOGITS).reinterpret(n);
    MemorySegment seqIdPointers =
        batch.get(ADDRESS, NativeLayouts.B_SEQ_ID).reinterpret(ADDRESS.byteSize() * n);
    batchSequenceIds = new MemorySegment[n];
    for (int i = 0; i < n; i++) {
      batchSequenceIds[i] = seqIdPointers.getAtIndex(ADDRESS, i).reinterpret(4);
    }
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
                    + " library's llama_model_kv_override layout may differ from llama.cpp %s's,"
                    + " refusing to run it")
                .formatted(quoted, plan.file(), NativeBundle.RELEASE));
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

  List<String> loadLog() {
    return loadLog;
  }

  int vocabularySize() {
    return vocabularySize;
  }

  int nativeContext() {
    return nativeContext;
  }

  // ---- the batch ----

  int batchCapacity() {
    return capacity;
  }

  /** Puts one token of sequence {@code sequence} at batch row {@code row}. */
  void put(int row, int token, int position, int sequence, boolean logits) {
    batchTokens.setAtIndex(JAVA_INT, row, token);
    batchPositions.setAtIndex(JAVA_INT, row, position);
    batchSequenceCounts.setAtIndex(JAVA_INT, row, 1);
    batchSequenceIds[row].set(JAVA_INT, 0, sequence);
    batchLogits.set(JAVA_BYTE, row, (byte) (logits ? 1 : 0));
  }

  void requestLogits(int row) {
    batchLogits.set(JAVA_BYTE, row, (byte) 1);
  }

  /** {@code llama_decode} of the first {@code rows} rows: 0 on success, llama.cpp's code else. */
  int decode(int rows) {
    batch.set(JAVA_INT, NativeLayouts.B_N_TOKENS, rows);
    return lib.decode(context, batch);
  }

  /** Forgets every KV cell of {@code sequence}, so its slot can start a new generation. */
  void clearSequence(int sequence) {
    lib.memorySeqRm(memory, sequence, -1, -1);
  }

  // ---- sampling ----

  int sample(MemorySegment sampler, int row) {
    return lib.sampler.sample(sampler, context, row);
  }

  boolean isEndOfGeneration(int token) {
    return lib.vocab.isEog(vocab, token);
  }

  /** A sampler chain for {@code request}: its grammar first, then greedy or top-k/top-p/temp. */
  MemorySegment samplerFor(GenerationRequest request) {
    SamplerCalls s = lib.sampler;
    MemorySegment chain = s.chainInit();
    try {
      String grammar = request.grammar();
      if (grammar != null) {
        NativeLog.clearRecent();
        MemorySegment constrained;
        try (Arena scratch = Arena.ofConfined()) {
          constrained =
              s.grammar(vocab, scratch.allocateFrom(grammar), scratch.allocateFrom("root"));
        }
        if (constrained.equals(MemorySegment.NULL)) {
          throw new RejectedInputException(
              "the GBNF grammar was rejected by llama.cpp's parser; fix it (it needs a 'root' rule"
                  + " and only defined rules): "
                  + NativeLog.describeRecent());
        }
        s.chainAdd(chain, constrained);
      }
      Sampling sampling = request.sampling();
      if (sampling.isGreedy()) {
        s.chainAdd(chain, s.greedy());
      } else {
        if (sampling.topK() > 0) {
          s.chainAdd(chain, s.topK(sampling.topK()));
        }
        if (sampling.topP() < 1) {
          s.chainAdd(chain, s.topP(sampling.topP(), 1));
        }
        s.chainAdd(chain, s.temp(sampling.temperature()));
        s.chainAdd(chain, s.dist((int) sampling.seed()));
      }
      return chain;
    } catch (RuntimeException e) {
      s.free(chain); // frees the samplers already added, too
      throw e;
    }
  }

  void freeSampler(MemorySegment sampler) {
    lib.sampler.free(sampler);
  }

  // ---- tokens <-> text ----

  int[] tokenize(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment bytes = scratch.allocate(Math.max(1, utf8.length));
      MemorySegment.copy(utf8, 0, bytes, JAVA_BYTE, 0, utf8.length);
      int room = utf8.length + 8;
      MemorySegment tokens = scratch.allocate(JAVA_INT, room);
      int n = lib.vocab.tokenize(vocab, bytes, utf8.length, tokens, room, true, true);
      if (n < 0 && n != Integer.MIN_VALUE) {
        room = -n;
        tokens = scratch.allocate(JAVA_INT, room);
        n = lib.vocab.tokenize(vocab, bytes, utf8.length, tokens, room, true, true);
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
      int room = tokens.length * 8 + 16;
      MemorySegment text = scratch.allocate(room);
      int n = lib.vocab.detokenize(vocab, ids, tokens.length, text, room, true, false);
      if (n < 0) {
        room = -n;
        text = scratch.allocate(room);
        n = lib.vocab.detokenize(vocab, ids, tokens.length, text, room, true, false);
      }
      return new String(text.asSlice(0, Math.max(0, n)).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }
  }

  /** The UTF-8 bytes of one token (possibly part of a character). */
  byte[] piece(int token) {
    int n = lib.vocab.tokenToPiece(vocab, token, pieceBuffer, PIECE_BUFFER, 0, false);
    if (n >= 0) {
      return pieceBuffer.asSlice(0, n).toArray(JAVA_BYTE);
    }
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment big = scratch.allocate(-n);
      int m = lib.vocab.tokenToPiece(vocab, token, big, -n, 0, false);
      return big.asSlice(0, Math.max(0, m)).toArray(JAVA_BYTE);
    }
  }

  /** Frees batch, context and model (idempotent), then returns freed heap to the OS. */
  void free() {
    if (!batch.equals(MemorySegment.NULL)) {
      lib.batchFree(batch);
      batch = MemorySegment.NULL;
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
}
