package io.symposium.pool.llamacpp.engine;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;

/**
 * The {@code llama.h} structs of llama.cpp v0.5.0 that cross the native boundary, as FFM layouts
 * (x86-64 and aarch64 LP64), written from that release's {@code include/llama.h}; {@link
 * LayoutCheck} confirms them against whatever library is opened.
 */
final class NativeLayouts {
  private NativeLayouts() {}

  static final long MODEL_PARAMS_SIZE = 80;
  static final long CONTEXT_PARAMS_SIZE = 160;
  static final long BATCH_SIZE = 56;
  static final long KV_OVERRIDE_SIZE = 264;
  static final int KV_OVERRIDE_KEY_BYTES = 128;

  /** {@code struct llama_model_params}. */
  static final StructLayout MODEL_PARAMS =
      structLayout(
          ADDRESS.withName("devices"),
          ADDRESS.withName("tensor_buft_overrides"),
          JAVA_INT.withName("n_gpu_layers"),
          JAVA_INT.withName("split_mode"),
          JAVA_INT.withName("load_mode"),
          JAVA_INT.withName("lazy_mode"),
          JAVA_INT.withName("main_gpu"),
          paddingLayout(4),
          ADDRESS.withName("tensor_split"),
          ADDRESS.withName("progress_callback"),
          ADDRESS.withName("progress_callback_user_data"),
          ADDRESS.withName("kv_overrides"),
          JAVA_BOOLEAN.withName("vocab_only"),
          JAVA_BOOLEAN.withName("check_tensors"),
          JAVA_BOOLEAN.withName("use_extra_bufts"),
          JAVA_BOOLEAN.withName("no_host"),
          JAVA_BOOLEAN.withName("no_alloc"),
          JAVA_BOOLEAN.withName("load_mtp"),
          paddingLayout(2));

  /** {@code struct llama_context_params}. */
  static final StructLayout CONTEXT_PARAMS =
      structLayout(
          JAVA_INT.withName("n_ctx"),
          JAVA_INT.withName("n_batch"),
          JAVA_INT.withName("n_ubatch"),
          JAVA_INT.withName("n_seq_max"),
          JAVA_INT.withName("n_rs_seq"),
          JAVA_INT.withName("n_outputs_max"),
          JAVA_INT.withName("n_outputs_max_per_seq"),
          JAVA_INT.withName("n_threads"),
          JAVA_INT.withName("n_threads_batch"),
          JAVA_INT.withName("ctx_type"),
          JAVA_INT.withName("rope_scaling_type"),
          JAVA_INT.withName("pooling_type"),
          JAVA_INT.withName("attention_type"),
          JAVA_INT.withName("flash_attn_type"),
          JAVA_FLOAT.withName("rope_freq_base"),
          JAVA_FLOAT.withName("rope_freq_scale"),
          JAVA_FLOAT.withName("yarn_ext_factor"),
          JAVA_FLOAT.withName("yarn_attn_factor"),
          JAVA_FLOAT.withName("yarn_beta_fast"),
          JAVA_FLOAT.withName("yarn_beta_slow"),
          JAVA_INT.withName("yarn_orig_ctx"),
          JAVA_FLOAT.withName("defrag_thold"),
          ADDRESS.withName("cb_eval"),
          ADDRESS.withName("cb_eval_user_data"),
          JAVA_INT.withName("type_k"),
          JAVA_INT.withName("type_v"),
          ADDRESS.withName("abort_callback"),
          ADDRESS.withName("abort_callback_data"),
          JAVA_BOOLEAN.withName("embeddings"),
          JAVA_BOOLEAN.withName("offload_kqv"),
          JAVA_BOOLEAN.withName("no_perf"),
          JAVA_BOOLEAN.withName("op_offload"),
          JAVA_BOOLEAN.withName("swa_full"),
          JAVA_BOOLEAN.withName("kv_unified"),
          paddingLayout(2),
          ADDRESS.withName("samplers"),
          JAVA_LONG.withName("n_samplers"),
          ADDRESS.withName("ctx_other"));

  /** {@code struct llama_batch}: a token count, then six pointers. */
  static final StructLayout BATCH =
      structLayout(
          JAVA_INT.withName("n_tokens"),
          paddingLayout(4),
          ADDRESS.withName("token"),
          ADDRESS.withName("embd"),
          ADDRESS.withName("pos"),
          ADDRESS.withName("n_seq_id"),
          ADDRESS.withName("seq_id"),
          ADDRESS.withName("logits"));

  /**
   * {@code struct llama_model_kv_override}: a tag, a 128-byte key, then an 8-aligned value union.
   */
  static final StructLayout KV_OVERRIDE =
      structLayout(
          JAVA_INT.withName("tag"),
          sequenceLayout(KV_OVERRIDE_KEY_BYTES, JAVA_BYTE).withName("key"),
          paddingLayout(4),
          unionLayout(
                  JAVA_LONG.withName("val_i64"),
                  JAVA_DOUBLE.withName("val_f64"),
                  JAVA_BOOLEAN.withName("val_bool"),
                  sequenceLayout(128, JAVA_BYTE).withName("val_str"))
              .withName("value"));

  /** {@code struct llama_sampler_chain_params}: one bool. */
  static final StructLayout SAMPLER_CHAIN_PARAMS = structLayout(JAVA_BOOLEAN.withName("no_perf"));

  // llama_model_kv_override_type
  static final int OVERRIDE_INT = 0;
  static final int OVERRIDE_FLOAT = 1;
  static final int OVERRIDE_BOOL = 2;
  static final int OVERRIDE_STR = 3;

  static long offset(MemoryLayout layout, String field) {
    return layout.byteOffset(PathElement.groupElement(field));
  }

  // llama_load_mode
  static final int LOAD_MODE_NONE = 0;
  static final int LOAD_MODE_MMAP = 1;

  // model params
  static final long MP_DEVICES = offset(MODEL_PARAMS, "devices");
  static final long MP_TENSOR_BUFT_OVERRIDES = offset(MODEL_PARAMS, "tensor_buft_overrides");
  static final long MP_N_GPU_LAYERS = offset(MODEL_PARAMS, "n_gpu_layers");
  static final long MP_SPLIT_MODE = offset(MODEL_PARAMS, "split_mode");
  static final long MP_LOAD_MODE = offset(MODEL_PARAMS, "load_mode");
  static final long MP_LAZY_MODE = offset(MODEL_PARAMS, "lazy_mode");
  static final long MP_MAIN_GPU = offset(MODEL_PARAMS, "main_gpu");
  static final long MP_TENSOR_SPLIT = offset(MODEL_PARAMS, "tensor_split");
  static final long MP_PROGRESS_CALLBACK = offset(MODEL_PARAMS, "progress_callback");
  static final long MP_KV_OVERRIDES = offset(MODEL_PARAMS, "kv_overrides");
  static final long MP_VOCAB_ONLY = offset(MODEL_PARAMS, "vocab_only");
  static final long MP_CHECK_TENSORS = offset(MODEL_PARAMS, "check_tensors");
  static final long MP_USE_EXTRA_BUFTS = offset(MODEL_PARAMS, "use_extra_bufts");
  static final long MP_NO_HOST = offset(MODEL_PARAMS, "no_host");
  static final long MP_NO_ALLOC = offset(MODEL_PARAMS, "no_alloc");
  static final long MP_LOAD_MTP = offset(MODEL_PARAMS, "load_mtp");

  // context params
  static final long CP_N_CTX = offset(CONTEXT_PARAMS, "n_ctx");
  static final long CP_N_BATCH = offset(CONTEXT_PARAMS, "n_batch");
  static final long CP_N_UBATCH = offset(CONTEXT_PARAMS, "n_ubatch");
  static final long CP_N_SEQ_MAX = offset(CONTEXT_PARAMS, "n_seq_max");
  static final long CP_N_RS_SEQ = offset(CONTEXT_PARAMS, "n_rs_seq");
  static final long CP_N_OUTPUTS_MAX = offset(CONTEXT_PARAMS, "n_outputs_max");
  static final long CP_N_OUTPUTS_MAX_PER_SEQ = offset(CONTEXT_PARAMS, "n_outputs_max_per_seq");
  static final long CP_N_THREADS = offset(CONTEXT_PARAMS, "n_threads");
  static final long CP_N_THREADS_BATCH = offset(CONTEXT_PARAMS, "n_threads_batch");
  static final long CP_CTX_TYPE = offset(CONTEXT_PARAMS, "ctx_type");
  static final long CP_ROPE_SCALING_TYPE = offset(CONTEXT_PARAMS, "rope_scaling_type");
  static final long CP_POOLING_TYPE = offset(CONTEXT_PARAMS, "pooling_type");
  static final long CP_ATTENTION_TYPE = offset(CONTEXT_PARAMS, "attention_type");
  static final long CP_FLASH_ATTN_TYPE = offset(CONTEXT_PARAMS, "flash_attn_type");
  static final long CP_ROPE_FREQ_BASE = offset(CONTEXT_PARAMS, "rope_freq_base");
  static final long CP_YARN_EXT_FACTOR = offset(CONTEXT_PARAMS, "yarn_ext_factor");
  static final long CP_YARN_ATTN_FACTOR = offset(CONTEXT_PARAMS, "yarn_attn_factor");
  static final long CP_YARN_BETA_FAST = offset(CONTEXT_PARAMS, "yarn_beta_fast");
  static final long CP_YARN_BETA_SLOW = offset(CONTEXT_PARAMS, "yarn_beta_slow");
  static final long CP_YARN_ORIG_CTX = offset(CONTEXT_PARAMS, "yarn_orig_ctx");
  static final long CP_DEFRAG_THOLD = offset(CONTEXT_PARAMS, "defrag_thold");
  static final long CP_CB_EVAL = offset(CONTEXT_PARAMS, "cb_eval");
  static final long CP_TYPE_K = offset(CONTEXT_PARAMS, "type_k");
  static final long CP_TYPE_V = offset(CONTEXT_PARAMS, "type_v");
  static final long CP_ABORT_CALLBACK = offset(CONTEXT_PARAMS, "abort_callback");
  static final long CP_ABORT_CALLBACK_DATA = offset(CONTEXT_PARAMS, "abort_callback_data");
  static final long CP_EMBEDDINGS = offset(CONTEXT_PARAMS, "embeddings");
  static final long CP_OFFLOAD_KQV = offset(CONTEXT_PARAMS, "offload_kqv");
  static final long CP_NO_PERF = offset(CONTEXT_PARAMS, "no_perf");
  static final long CP_OP_OFFLOAD = offset(CONTEXT_PARAMS, "op_offload");
  static final long CP_SWA_FULL = offset(CONTEXT_PARAMS, "swa_full");
  static final long CP_KV_UNIFIED = offset(CONTEXT_PARAMS, "kv_unified");
  static final long CP_SAMPLERS = offset(CONTEXT_PARAMS, "samplers");
  static final long CP_N_SAMPLERS = offset(CONTEXT_PARAMS, "n_samplers");
  static final long CP_CTX_OTHER = offset(CONTEXT_PARAMS, "ctx_other");

  // batch
  static final long B_N_TOKENS = offset(BATCH, "n_tokens");
  static final long B_TOKEN = offset(BATCH, "token");
  static final long B_EMBD = offset(BATCH, "embd");
  static final long B_POS = offset(BATCH, "pos");
  static final long B_N_SEQ_ID = offset(BATCH, "n_seq_id");
  static final long B_SEQ_ID = offset(BATCH, "seq_id");
  static final long B_LOGITS = offset(BATCH, "logits");

  // kv override
  static final long KV_TAG = offset(KV_OVERRIDE, "tag");
  static final long KV_KEY = offset(KV_OVERRIDE, "key");
  static final long KV_VALUE = offset(KV_OVERRIDE, "value");
}
