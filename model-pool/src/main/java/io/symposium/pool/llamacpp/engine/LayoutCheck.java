package io.symposium.pool.llamacpp.engine;

import static io.symposium.pool.llamacpp.engine.NativeLayouts.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up self-check that the opened library has the struct layouts of {@link NativeLayouts}; a
 * mismatch would corrupt memory silently, so a library that differs is refused.
 *
 * <p>Three kinds of evidence: the Java layouts have the v0.5.0 sizes; the default-params functions
 * put v0.5.0's known default values at their known offsets (a field inserted or removed before them
 * shifts them, as {@code load_mode} replacing {@code use_mmap} did); and the structs returned by
 * value are no larger than ours — the return buffer is a slice of a canary-filled block, so a
 * callee that writes past our size is caught. {@code llama_batch_get_one} checks the batch layout
 * the same way.
 */
final class LayoutCheck {
  private static final int CANARY_BLOCK = 1024;
  private static final byte CANARY = (byte) 0xA5;

  private final List<String> problems = new ArrayList<>();

  private LayoutCheck() {}

  static void verify(LlamaLibrary library) {
    LayoutCheck check = new LayoutCheck();
    check.sizes();
    try (Arena arena = Arena.ofConfined()) {
      check.modelParams(library, arena);
      check.contextParams(library, arena);
      check.batch(library, arena);
    }
    if (!check.problems.isEmpty()) {
      throw new NativeLibraryException(
          ("the llama.cpp library %s does not have the struct layouts of llama.cpp %s that this"
                  + " binding was written for, so calling it would corrupt memory; use the bundled"
                  + " library (remove symposium.pool.llama-library) or a build of %s. Differences:"
                  + " %s")
              .formatted(
                  library.path,
                  NativeBundle.RELEASE,
                  NativeBundle.RELEASE,
                  String.join("; ", check.problems)));
    }
  }

  private void sizes() {
    expect("Java layout of llama_model_params", MODEL_PARAMS.byteSize(), MODEL_PARAMS_SIZE);
    expect("Java layout of llama_context_params", CONTEXT_PARAMS.byteSize(), CONTEXT_PARAMS_SIZE);
    expect("Java layout of llama_batch", BATCH.byteSize(), BATCH_SIZE);
    expect("Java layout of llama_model_kv_override", KV_OVERRIDE.byteSize(), KV_OVERRIDE_SIZE);
    expect("llama_model_kv_override.key offset", KV_KEY, 4L);
    expect("llama_model_kv_override.value offset", KV_VALUE, 136L);
  }

  private void modelParams(LlamaLibrary library, Arena arena) {
    MemorySegment block = canaryBlock(arena);
    MemorySegment mp = library.modelDefaultParams(sliceOf(block));
    checkCanary("llama_model_params", block, MODEL_PARAMS_SIZE);
    String s = "llama_model_params.";
    pointer(s + "devices", mp, MP_DEVICES);
    pointer(s + "tensor_buft_overrides", mp, MP_TENSOR_BUFT_OVERRIDES);
    int gpuLayers = mp.get(JAVA_INT, MP_N_GPU_LAYERS);
    if (gpuLayers != -1 && gpuLayers != 0 && gpuLayers != 999) {
      problems.add(s + "n_gpu_layers@" + MP_N_GPU_LAYERS + ": expected -1, found " + gpuLayers);
    }
    integer(s + "split_mode", mp, MP_SPLIT_MODE, 1); // LLAMA_SPLIT_MODE_LAYER
    integer(s + "load_mode", mp, MP_LOAD_MODE, -1); // LLAMA_LOAD_MODE_AUTO
    integer(s + "lazy_mode", mp, MP_LAZY_MODE, 1); // LLAMA_LAZY_MODE_AUTO
    integer(s + "main_gpu", mp, MP_MAIN_GPU, 0);
    pointer(s + "tensor_split", mp, MP_TENSOR_SPLIT);
    pointer(s + "progress_callback", mp, MP_PROGRESS_CALLBACK);
    pointer(s + "kv_overrides", mp, MP_KV_OVERRIDES);
    flag(s + "vocab_only", mp, MP_VOCAB_ONLY, 0);
    flag(s + "check_tensors", mp, MP_CHECK_TENSORS, 0);
    flag(s + "use_extra_bufts", mp, MP_USE_EXTRA_BUFTS, 1);
    flag(s + "no_host", mp, MP_NO_HOST, 0);
    flag(s + "no_alloc", mp, MP_NO_ALLOC, 0);
    flag(s + "load_mtp", mp, MP_LOAD_MTP, 0);
  }

  private void contextParams(LlamaLibrary library, Arena arena) {
    MemorySegment block = canaryBlock(arena);
    MemorySegment cp = library.contextDefaultParams(sliceOf(block));
    checkCanary("llama_context_params", block, CONTEXT_PARAMS_SIZE);
    String s = "llama_context_params.";
    integer(s + "n_ctx", cp, CP_N_CTX, 512);
    integer(s + "n_batch", cp, CP_N_BATCH, 2048);
    integer(s + "n_ubatch", cp, CP_N_UBATCH, 512);
    integer(s + "n_seq_max", cp, CP_N_SEQ_MAX, 1);
    integer(s + "n_rs_seq", cp, CP_N_RS_SEQ, 0);
    integer(s + "n_outputs_max", cp, CP_N_OUTPUTS_MAX, 0);
    integer(s + "n_outputs_max_per_seq", cp, CP_N_OUTPUTS_MAX_PER_SEQ, 1);
    int threads = cp.get(JAVA_INT, CP_N_THREADS);
    if (threads < 1 || threads > 1024) {
      problems.add(s + "n_threads@" + CP_N_THREADS + ": expected a small count, found " + threads);
    }
    integer(s + "n_threads_batch", cp, CP_N_THREADS_BATCH, threads);
    integer(s + "ctx_type", cp, CP_CTX_TYPE, 0);
    integer(s + "rope_scaling_type", cp, CP_ROPE_SCALING_TYPE, -1);
    integer(s + "pooling_type", cp, CP_POOLING_TYPE, -1);
    integer(s + "attention_type", cp, CP_ATTENTION_TYPE, -1);
    integer(s + "flash_attn_type", cp, CP_FLASH_ATTN_TYPE, -1);
    real(s + "rope_freq_base", cp, CP_ROPE_FREQ_BASE, 0f);
    real(s + "yarn_ext_factor", cp, CP_YARN_EXT_FACTOR, -1f);
    real(s + "yarn_attn_factor", cp, CP_YARN_ATTN_FACTOR, -1f);
    real(s + "yarn_beta_fast", cp, CP_YARN_BETA_FAST, -1f);
    real(s + "yarn_beta_slow", cp, CP_YARN_BETA_SLOW, -1f);
    integer(s + "yarn_orig_ctx", cp, CP_YARN_ORIG_CTX, 0);
    real(s + "defrag_thold", cp, CP_DEFRAG_THOLD, -1f);
    pointer(s + "cb_eval", cp, CP_CB_EVAL);
    integer(s + "type_k", cp, CP_TYPE_K, 1); // GGML_TYPE_F16
    integer(s + "type_v", cp, CP_TYPE_V, 1);
    pointer(s + "abort_callback", cp, CP_ABORT_CALLBACK);
    pointer(s + "abort_callback_data", cp, CP_ABORT_CALLBACK_DATA);
    flag(s + "embeddings", cp, CP_EMBEDDINGS, 0);
    flag(s + "offload_kqv", cp, CP_OFFLOAD_KQV, 1);
    flag(s + "no_perf", cp, CP_NO_PERF, 1);
    flag(s + "op_offload", cp, CP_OP_OFFLOAD, 1);
    flag(s + "swa_full", cp, CP_SWA_FULL, 1);
    flag(s + "kv_unified", cp, CP_KV_UNIFIED, 0);
    pointer(s + "samplers", cp, CP_SAMPLERS);
    expect(s + "n_samplers@" + CP_N_SAMPLERS, cp.get(JAVA_LONG, CP_N_SAMPLERS), 0L);
    pointer(s + "ctx_other", cp, CP_CTX_OTHER);
  }

  private void batch(LlamaLibrary library, Arena arena) {
    MemorySegment tokens = arena.allocate(JAVA_INT, 8);
    MemorySegment block = canaryBlock(arena);
    MemorySegment batch = library.batchGetOne(sliceOf(block), tokens, 5);
    checkCanary("llama_batch", block, BATCH_SIZE);
    integer("llama_batch.n_tokens", batch, B_N_TOKENS, 5);
    expect("llama_batch.token@" + B_TOKEN, batch.get(ADDRESS, B_TOKEN).address(), tokens.address());
    for (long offset = B_EMBD; offset < BATCH_SIZE; offset += ADDRESS.byteSize()) {
      pointer("llama_batch pointer", batch, offset);
    }
  }

  private void integer(String field, MemorySegment struct, long offset, int expected) {
    expect(field + "@" + offset, struct.get(JAVA_INT, offset), expected);
  }

  private void real(String field, MemorySegment struct, long offset, float expected) {
    expect(field + "@" + offset, struct.get(JAVA_FLOAT, offset), expected);
  }

  private void flag(String field, MemorySegment struct, long offset, int expected) {
    expect(field + "@" + offset, struct.get(JAVA_BYTE, offset), (byte) expected);
  }

  private void pointer(String field, MemorySegment struct, long offset) {
    expect(field + "@" + offset, struct.get(ADDRESS, offset).address(), 0L);
  }

  private void expect(String what, Object actual, Object expected) {
    if (!actual.equals(expected)) {
      problems.add("%s: expected %s, found %s".formatted(what, expected, actual));
    }
  }

  private void checkCanary(String struct, MemorySegment block, long size) {
    for (long i = size; i < CANARY_BLOCK; i++) {
      if (block.get(JAVA_BYTE, i) != CANARY) {
        problems.add(
            "%s is larger than %d bytes (the library wrote byte %d)".formatted(struct, size, i));
        return;
      }
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
}
