package io.symposium.pool.llamacpp.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The Java layouts against offsets worked out by hand from v0.5.0's {@code include/llama.h} (LP64:
 * pointers and size_t 8 bytes, enums and int32 4, bool 1). {@link LayoutCheck} compares them with
 * the library at run time; this pins them, so an edit that shifts a field fails here first.
 */
class NativeLayoutsTest {

  @Test
  void modelParams_v050Offsets() {
    assertThat(NativeLayouts.MODEL_PARAMS.byteSize()).isEqualTo(80);
    assertThat(NativeLayouts.MP_TENSOR_BUFT_OVERRIDES).isEqualTo(8);
    assertThat(NativeLayouts.MP_N_GPU_LAYERS).isEqualTo(16);
    assertThat(NativeLayouts.MP_LOAD_MODE).isEqualTo(24);
    assertThat(NativeLayouts.MP_MAIN_GPU).isEqualTo(32);
    assertThat(NativeLayouts.MP_TENSOR_SPLIT).isEqualTo(40);
    assertThat(NativeLayouts.MP_KV_OVERRIDES).isEqualTo(64);
    assertThat(NativeLayouts.MP_VOCAB_ONLY).isEqualTo(72);
    assertThat(NativeLayouts.MP_LOAD_MTP).isEqualTo(77);
  }

  @Test
  void contextParams_v050Offsets() {
    assertThat(NativeLayouts.CONTEXT_PARAMS.byteSize()).isEqualTo(160);
    assertThat(NativeLayouts.CP_N_THREADS).isEqualTo(28);
    assertThat(NativeLayouts.CP_FLASH_ATTN_TYPE).isEqualTo(52);
    assertThat(NativeLayouts.CP_DEFRAG_THOLD).isEqualTo(84);
    assertThat(NativeLayouts.CP_CB_EVAL).isEqualTo(88);
    assertThat(NativeLayouts.CP_TYPE_K).isEqualTo(104);
    assertThat(NativeLayouts.CP_ABORT_CALLBACK).isEqualTo(112);
    assertThat(NativeLayouts.CP_EMBEDDINGS).isEqualTo(128);
    assertThat(NativeLayouts.CP_KV_UNIFIED).isEqualTo(133);
    assertThat(NativeLayouts.CP_SAMPLERS).isEqualTo(136);
    assertThat(NativeLayouts.CP_CTX_OTHER).isEqualTo(152);
  }

  @Test
  void batchAndOverride_unchangedSinceB4916() {
    assertThat(NativeLayouts.BATCH.byteSize()).isEqualTo(56);
    assertThat(NativeLayouts.B_LOGITS).isEqualTo(48);
    assertThat(NativeLayouts.KV_OVERRIDE.byteSize()).isEqualTo(264);
    assertThat(NativeLayouts.KV_VALUE).isEqualTo(136);
  }
}
