package io.symposium.pool.llamacpp.engine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up self-check that the opened library has the struct layouts of {@link NativeLayouts}.
 *
 * <p>Three kinds of evidence, because a mismatch would corrupt memory silently
 * (research/llamacpp-java.md §6): the Java layouts have the b4916 sizes; the default-params
 * functions put b4916's known default values at their known offsets (a field inserted before them,
 * as {@code tensor_buft_overrides} was after b4916, shifts them); and the structs returned by value
 * are no larger than ours — the return buffer is a slice of a canary-filled block, so a callee that
 * writes past our size is caught. {@code llama_batch_get_one} checks the batch layout the same way.
 */
final class LayoutCheck {
  private static final int CANARY_BLOCK = 1024;
  private static final byte CANARY = (byte) 0xA5;

  private LayoutCheck() {}

  static void verify(LlamaLibrary library) {
    List<String> problems = new ArrayList<>();
    expectSize(
        problems,
        "llama_model_params",
        NativeLayouts.MODEL_PARAMS.byteSize(),
        NativeLayouts.MODEL_PARAMS_SIZE);
    expectSize(
        problems,
        "llama_context_params",
        NativeLayouts.CONTEXT_PARAMS.byteSize(),
        NativeLayouts.CONTEXT_PARAMS_SIZE);
    expectSize(problems, "llama_batch", NativeLayouts.BATCH.byteSize(), NativeLayouts.BATCH_SIZE);
    expectSize(
        problems,
        "llama_model_kv_override",
        NativeLayouts.KV_OVERRIDE.byteSize(),
        NativeLayouts.KV_OVERRIDE_SIZE);
    expect(problems, "llama_model_kv_override.key offset", NativeLayouts.KV_KEY, 4L);
    expect(problems, "llama_model_kv_override.value offset", NativeLayouts.KV_VALUE, 136L);

    try (Arena arena = Arena.ofConfined()) {
      MemorySegment block = canaryBlock(arena);
      MemorySegment mp = library.modelDefaultParams(sliceOf(block));
      checkCanary(problems, "llama_model_params", block, NativeLayouts.MODEL_PARAMS_SIZE);
      expect(problems, "llama_model_params.devices@0", mp.get(ADDRESS, 0).address(), 0L);
      int gpuLayers = mp.get(JAVA_INT, NativeLayouts.MP_N_GPU_LAYERS);
      if (gpuLayers != 0 && gpuLayers != 999) { // 999 is the default of Metal builds
        problems.add("llama_model_params.n_gpu_layers@8: expected 0 or 999, found " + gpuLayers);
      }
      expect(
          problems,
          "llama_model_params.split_mode@12",
          mp.get(JAVA_INT, NativeLayouts.MP_SPLIT_MODE),
          1);
      expect(
          problems,
          "llama_model_params.main_gpu@16",
          mp.get(JAVA_INT, NativeLayouts.MP_MAIN_GPU),
          0);
      expect(
          problems,
          "llama_model_params.tensor_split@24",
          mp.get(ADDRESS, NativeLayouts.MP_TENSOR_SPLIT).address(),
          0L);
      expect(
          problems,
          "llama_model_params.progress_callback@32",
          mp.get(ADDRESS, NativeLayouts.MP_PROGRESS_CALLBACK).address(),
          0L);
      expect(
          problems,
          "llama_model_params.kv_overrides@48",
          mp.get(ADDRESS, NativeLayouts.MP_KV_OVERRIDES).address(),
          0L);
      expect(
          problems,
          "llama_model_params.vocab_only@56",
          mp.get(JAVA_BYTE, NativeLayouts.MP_VOCAB_ONLY),
          (byte) 0);
      expect(
          problems,
          "llama_model_params.use_mmap@57",
          mp.get(JAVA_BYTE, NativeLayouts.MP_USE_MMAP),
          (byte) 1);
      expect(
          problems,
          "llama_model_params.use_mlock@58",
          mp.get(JAVA_BYTE, NativeLayouts.MP_USE_MLOCK),
          (byte) 0);
      expect(
          problems,
          "llama_model_params.check_tensors@59",
          mp.get(JAVA_BYTE, NativeLayouts.MP_CHECK_TENSORS),
          (byte) 0);

      block = canaryBlock(arena);
      MemorySegment cp = library.contextDefaultParams(sliceOf(block));
      checkCanary(problems, "llama_context_params", block, NativeLayouts.CONTEXT_PARAMS_SIZE);
      expect(
          problems, "llama_context_params.n_ctx@0", cp.get(JAVA_INT, NativeLayouts.CP_N_CTX), 512);
      expect(
          problems,
          "llama_context_params.n_batch@4",
          cp.get(JAVA_INT, NativeLayouts.CP_N_BATCH),
          2048);
      expect(
          problems,
          "llama_context_params.n_ubatch@8",
          cp.get(JAVA_INT, NativeLayouts.CP_N_UBATCH),
          512);
      expect(
          problems,
          "llama_context_params.n_seq_max@12",
          cp.get(JAVA_INT, NativeLayouts.CP_N_SEQ_MAX),
          1);
      int threads = cp.get(JAVA_INT, NativeLayouts.CP_N_THREADS);
      if (threads < 1 || threads > 1024) {
        problems.add(
            "llama_context_params.n_threads@16: expected a small positive count, found " + threads);
      }
      expect(
          problems,
          "llama_context_params.n_threads_batch@20",
          cp.get(JAVA_INT, NativeLayouts.CP_N_THREADS_BATCH),
          threads);
      expect(
          problems,
          "llama_context_params.rope_scaling_type@24",
          cp.get(JAVA_INT, NativeLayouts.CP_ROPE_SCALING_TYPE),
          -1);
      expect(
          problems,
          "llama_context_params.pooling_type@28",
          cp.get(JAVA_INT, NativeLayouts.CP_POOLING_TYPE),
          -1);
      expect(
          problems,
          "llama_context_params.attention_type@32",
          cp.get(JAVA_INT, NativeLayouts.CP_ATTENTION_TYPE),
          -1);
      expect(
          problems,
          "llama_context_params.yarn_ext_factor@44",
          cp.get(JAVA_FLOAT, NativeLayouts.CP_YARN_EXT_FACTOR),
          -1.0f);
      expect(
          problems,
          "llama_context_params.yarn_attn_factor@48",
          cp.get(JAVA_FLOAT, NativeLayouts.CP_YARN_ATTN_FACTOR),
          1.0f);
      expect(
          problems,
          "llama_context_params.yarn_beta_fast@52",
          cp.get(JAVA_FLOAT, NativeLayouts.CP_YARN_BETA_FAST),
          32.0f);
      expect(
          problems,
          "llama_context_params.yarn_beta_slow@56",
          cp.get(JAVA_FLOAT, NativeLayouts.CP_YARN_BETA_SLOW),
          1.0f);
      expect(
          problems,
          "llama_context_params.defrag_thold@64",
          cp.get(JAVA_FLOAT, NativeLayouts.CP_DEFRAG_THOLD),
          -1.0f);
      expect(
          problems,
          "llama_context_params.cb_eval@72",
          cp.get(ADDRESS, NativeLayouts.CP_CB_EVAL).address(),
          0L);
      expect(
          problems,
          "llama_context_params.type_k@88",
          cp.get(JAVA_INT, NativeLayouts.CP_TYPE_K),
          1); // GGML_TYPE_F16
      expect(
          problems, "llama_context_params.type_v@92", cp.get(JAVA_INT, NativeLayouts.CP_TYPE_V), 1);
      expect(
          problems,
          "llama_context_params.logits_all@96",
          cp.get(JAVA_BYTE, NativeLayouts.CP_LOGITS_ALL),
          (byte) 0);
      expect(
          problems,
          "llama_context_params.embeddings@97",
          cp.get(JAVA_BYTE, NativeLayouts.CP_EMBEDDINGS),
          (byte) 0);
      expect(
          problems,
          "llama_context_params.offload_kqv@98",
          cp.get(JAVA_BYTE, NativeLayouts.CP_OFFLOAD_KQV),
          (byte) 1);
      expect(
          problems,
          "llama_context_params.flash_attn@99",
          cp.get(JAVA_BYTE, NativeLayouts.CP_FLASH_ATTN),
          (byte) 0);
      expect(
          problems,
          "llama_context_params.no_perf@100",
          cp.get(JAVA_BYTE, NativeLayouts.CP_NO_PERF),
          (byte) 1);
      expect(
          problems,
          "llama_context_params.abort_callback@104",
          cp.get(ADDRESS, NativeLayouts.CP_ABORT_CALLBACK).address(),
          0L);
      expect(
          problems,
          "llama_context_params.abort_callback_data@112",
          cp.get(ADDRESS, NativeLayouts.CP_ABORT_CALLBACK_DATA).address(),
          0L);

      MemorySegment tokens = arena.allocate(JAVA_INT, 8);
      block = canaryBlock(arena);
      MemorySegment batch = library.batchGetOne(sliceOf(block), tokens, 5);
      checkCanary(problems, "llama_batch", block, NativeLayouts.BATCH_SIZE);
      expect(problems, "llama_batch.n_tokens@0", batch.get(JAVA_INT, NativeLayouts.B_N_TOKENS), 5);
      expect(
          problems,
          "llama_batch.token@8",
          batch.get(ADDRESS, NativeLayouts.B_TOKEN).address(),
          tokens.address());
      for (long offset = NativeLayouts.B_EMBD;
          offset < NativeLayouts.BATCH_SIZE;
          offset += ADDRESS.byteSize()) {
        expect(problems, "llama_batch pointer@" + offset, batch.get(ADDRESS, offset).address(), 0L);
      }
    }
    if (!problems.isEmpty()) {
      throw new NativeLibraryException(
          ("the llama.cpp library %s does not have the struct layouts of llama.cpp b4916 that this"
               + " binding was written for, so calling it would corrupt memory; use the bundled"
               + " library (remove symposium.llama.library) or a build of b4916. Differences: %s")
              .formatted(library.path, String.join("; ", problems)));
    }
  }

  private static MemorySegment canaryBlock(Arena arena) {
    MemorySegment block = arena.allocate(CANARY_BLOCK, 16);
    block.fill(CANARY);
    return block;
  }

  /** Hands out the start of the canary block as the by-value return buffer. */
  private static SegmentAllocator sliceOf(MemorySegment block) {
    return (size, alignment) -> block.asSlice(0, size);
  }

  private static void checkCanary(
      List<String> problems, String struct, MemorySegment block, long size) {
    for (long i = size; i < CANARY_BLOCK; i++) {
      if (block.get(JAVA_BYTE, i) != CANARY) {
        problems.add(
            "%s is larger than %d bytes (the library wrote byte %d)".formatted(struct, size, i));
        return;
      }
    }
  }

  private static void expectSize(List<String> problems, String struct, long actual, long expected) {
    if (actual != expected) {
      problems.add(
          "Java layout of %s is %d bytes, expected %d".formatted(struct, actual, expected));
    }
  }

  private static void expect(List<String> problems, String what, Object actual, Object expected) {
    if (!actual.equals(expected)) {
      problems.add("%s: expected %s, found %s".formatted(what, expected, actual));
    }
  }
}
