package io.symposium.pool.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class GgufModelsTest {

  @TempDir Path dir;

  // tinyDense(): n_embd 64, 2 layers, 4 heads (= KV heads), n_ff 128, vocab 354
  private static final long EMBD = 64;
  private static final long FF = 128;
  private static final long VOCAB = 354;
  private static final long LAYERS = 2;

  /** Elements in norms (F32 in every variant) and in the other tensors, counted by hand. */
  private static final long DENSE_NORMS = EMBD + LAYERS * 2 * EMBD;

  private static final long DENSE_MATRICES =
      2 * VOCAB * EMBD + LAYERS * (4 * EMBD * EMBD + 3 * EMBD * FF);

  @Test
  void roundTrip_denseF32_reportsTheShape() {
    Path file =
        GgufModels.writeRandom(dir.resolve("d.gguf"), ModelShape.tinyDense(), WeightType.F32, 42);

    GgufFile gguf = GgufInspector.inspect(file);

    assertThat(gguf.version()).isEqualTo(3);
    assertThat(gguf.architecture()).isEqualTo("llama");
    assertThat(gguf.contextLength()).hasValue(256);
    assertThat(gguf.embeddingLength()).hasValue(EMBD);
    assertThat(gguf.blockCount()).hasValue(LAYERS);
    assertThat(gguf.feedForwardLength()).hasValue(FF);
    assertThat(gguf.headCount()).hasValue(4);
    assertThat(gguf.headCountKv()).hasValue(4);
    assertThat(gguf.vocabSize()).hasValue(VOCAB);
    assertThat(gguf.fileType()).hasValue(0);
    assertThat(gguf.expertCount()).isEmpty();
    assertThat(gguf.expertUsedCount()).isEmpty();
    assertThat(gguf.getLong("llama.rope.dimension_count")).hasValue(16);
    assertThat(
            gguf.get("llama.attention.layer_norm_rms_epsilon")
                .orElseThrow()
                .asDouble()
                .orElseThrow())
        .isCloseTo(1e-5, within(1e-9));
    assertThat(gguf.parameterCount())
        .isEqualTo(DENSE_NORMS + DENSE_MATRICES)
        .isEqualTo(ModelShape.tinyDense().parameterCount());
    assertThat(gguf.tensorBytes()).isEqualTo(4 * (DENSE_NORMS + DENSE_MATRICES));
    assertThat(gguf.tensors()).hasSize(3 + 9 * 2);
    assertThat(gguf.tensor("blk.1.ffn_down.weight").orElseThrow().dimensions())
        .containsExactly(FF, EMBD);
    assertThat(gguf.tensor("token_embd.weight").orElseThrow().dimensions())
        .containsExactly(EMBD, VOCAB);
  }

  @Test
  void roundTrip_denseF16_halvesTheMatricesOnly() {
    Path file =
        GgufModels.writeRandom(dir.resolve("h.gguf"), ModelShape.tinyDense(), WeightType.F16, 42);

    GgufFile gguf = GgufInspector.inspect(file);

    assertThat(gguf.fileType()).hasValue(1);
    assertThat(gguf.tensorBytes()).isEqualTo(4 * DENSE_NORMS + 2 * DENSE_MATRICES);
    assertThat(gguf.tensor("output_norm.weight").orElseThrow().type()).isEqualTo(GgmlType.F32);
    assertThat(gguf.tensor("blk.0.attn_q.weight").orElseThrow().type()).isEqualTo(GgmlType.F16);
  }

  @Test
  void roundTrip_denseQ8_uses34BytesPer32Weights() {
    Path file =
        GgufModels.writeRandom(dir.resolve("q.gguf"), ModelShape.tinyDense(), WeightType.Q8_0, 42);

    GgufFile gguf = GgufInspector.inspect(file);

    assertThat(gguf.fileType()).hasValue(7);
    assertThat(gguf.parameterCount()).isEqualTo(DENSE_NORMS + DENSE_MATRICES);
    assertThat(gguf.tensorBytes()).isEqualTo(4 * DENSE_NORMS + DENSE_MATRICES / 32 * 34);
    assertThat(gguf.tensor("token_embd.weight").orElseThrow().type()).isEqualTo(GgmlType.Q8_0);
  }

  @Test
  void roundTrip_moe_reportsExpertsAndMixtralTensors() {
    ModelShape shape = ModelShape.tinyMoe(); // 4 experts, 2 used
    Path file = GgufModels.writeRandom(dir.resolve("moe.gguf"), shape, WeightType.Q8_0, 7);

    GgufFile gguf = GgufInspector.inspect(file);

    long experts = 4;
    long norms = DENSE_NORMS;
    long router = LAYERS * EMBD * experts;
    long matrices = 2 * VOCAB * EMBD + LAYERS * (4 * EMBD * EMBD + 3 * EMBD * FF * experts);
    assertThat(gguf.expertCount()).hasValue(4);
    assertThat(gguf.expertUsedCount()).hasValue(2);
    assertThat(gguf.parameterCount())
        .isEqualTo(norms + router + matrices)
        .isEqualTo(shape.parameterCount());
    assertThat(gguf.tensorBytes()).isEqualTo(4 * (norms + router) + matrices / 32 * 34);
    assertThat(gguf.tensor("blk.0.ffn_gate_inp.weight").orElseThrow())
        .satisfies(t -> assertThat(t.type()).isEqualTo(GgmlType.F32))
        .satisfies(t -> assertThat(t.dimensions()).containsExactly(EMBD, experts));
    assertThat(gguf.tensor("blk.1.ffn_gate_exps.weight").orElseThrow().dimensions())
        .containsExactly(EMBD, FF, experts);
    assertThat(gguf.tensor("blk.1.ffn_up_exps.weight").orElseThrow().dimensions())
        .containsExactly(EMBD, FF, experts);
    assertThat(gguf.tensor("blk.1.ffn_down_exps.weight").orElseThrow().dimensions())
        .containsExactly(FF, EMBD, experts);
    assertThat(gguf.tensor("blk.0.ffn_gate.weight")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(WeightType.class)
  void writeRandom_sameSeed_byteIdentical(WeightType type) throws IOException {
    Path a = GgufModels.writeRandom(dir.resolve("a.gguf"), ModelShape.tinyMoe(), type, 11);
    Path b = GgufModels.writeRandom(dir.resolve("b.gguf"), ModelShape.tinyMoe(), type, 11);
    Path c = GgufModels.writeRandom(dir.resolve("c.gguf"), ModelShape.tinyMoe(), type, 12);

    assertThat(Files.mismatch(a, b)).isEqualTo(-1);
    assertThat(Files.mismatch(a, c)).isNotEqualTo(-1);
    assertThat(Files.size(c)).isEqualTo(Files.size(a));
  }

  @Test
  void writeRandom_weights_smallCenteredAndNormsAreOne() {
    Path file =
        GgufModels.writeRandom(dir.resolve("r.gguf"), ModelShape.tinyDense(), WeightType.F32, 5);
    GgufFile gguf = GgufInspector.inspect(file);

    float[] embedding = gguf.tensorValues("token_embd.weight");
    double mean = 0;
    double square = 0;
    for (float v : embedding) {
      mean += v;
      square += (double) v * v;
    }
    mean /= embedding.length;
    double sd = Math.sqrt(square / embedding.length - mean * mean);
    assertThat(mean).isCloseTo(0, within(0.001));
    assertThat(sd).isCloseTo(GgufModels.DEFAULT_WEIGHT_SCALE, within(0.001));
    assertThat(gguf.tensorValues("blk.0.attn_norm.weight")).containsOnly(1f);
    assertThat(gguf.tensorValues("blk.0.attn_q.weight"))
        .isNotEqualTo(gguf.tensorValues("blk.1.attn_q.weight"));
  }

  @Test
  void weights_allGiven_writtenExactlyInGgmlOrder() {
    ModelShape shape = ModelShape.tinyDense();
    Map<String, float[]> weights = new HashMap<>();
    Random random = new Random(1);
    for (ModelTensor tensor : shape.tensors()) {
      float[] values = new float[(int) tensor.elementCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextGaussian();
      }
      weights.put(tensor.name(), values);
    }

    Path file = GgufModels.builder(shape).weights(weights).writeTo(dir.resolve("given.gguf"));
    GgufFile gguf = GgufInspector.inspect(file);

    for (ModelTensor tensor : shape.tensors()) {
      assertThat(gguf.tensorValues(tensor.name()))
          .as(tensor.name())
          .containsExactly(weights.get(tensor.name()));
    }
  }

  @Test
  void weights_someGivenWithSeed_restRandomAndQuantizedCloseToGiven() {
    ModelShape shape = ModelShape.tinyDense();
    float[] q = new float[(int) (EMBD * EMBD)];
    for (int i = 0; i < q.length; i++) {
      q[i] = (i % 64) / 640f; // row i holds 0, 0.0015625, ..., 0.0984
    }

    Path file =
        GgufModels.builder(shape)
            .weightType(WeightType.Q8_0)
            .seed(9)
            .weights(Map.of("blk.0.attn_q.weight", q))
            .writeTo(dir.resolve("partial.gguf"));
    float[] back = GgufInspector.inspect(file).tensorValues("blk.0.attn_q.weight");

    for (int i = 0; i < q.length; i++) {
      assertThat(back[i]).isCloseTo(q[i], within(0.0985f / 127));
    }
  }

  @Test
  void weights_missingWithoutSeed_rejectedListingThem() {
    GgufModels.Builder builder =
        GgufModels.builder(ModelShape.tinyDense())
            .weights(Map.of("output_norm.weight", new float[64]));

    assertThatThrownBy(() -> builder.writeTo(dir.resolve("x.gguf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weights missing for [blk.0.attn_k.weight");
  }

  @Test
  void weights_unknownNameOrWrongLength_rejected() {
    GgufModels.Builder builder = GgufModels.builder(ModelShape.tinyDense());

    assertThatThrownBy(() -> builder.weights(Map.of("blk.9.attn_q.weight", new float[1])))
        .hasMessageContaining("no tensor 'blk.9.attn_q.weight'");
    assertThatThrownBy(() -> builder.weights(Map.of("output_norm.weight", new float[63])))
        .hasMessageContaining("tensor 'output_norm.weight' [64] needs 64 values, got 63");
  }

  @Test
  void builder_q8WithRowsNotMultipleOf32_rejected() {
    ModelShape shape = ModelShape.dense(48, 1, 4, 96, GgufVocabulary.CHAR_LEVEL_SIZE);

    assertThatThrownBy(
            () -> GgufModels.writeRandom(dir.resolve("bad.gguf"), shape, WeightType.Q8_0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Q8_0 needs rows that are a multiple of 32")
        .hasMessageContaining("token_embd.weight (rows of 48)");
    assertThat(dir.resolve("bad.gguf")).doesNotExist();
  }

  @Test
  void builder_writesTokenizerAndChatTemplate() {
    Path file =
        GgufModels.builder(ModelShape.tinyDense().withVocabSize(500))
            .name("tiny-chat")
            .chatTemplate(GgufModels.CHATML_TEMPLATE)
            .writeTo(dir.resolve("chat.gguf"));

    GgufFile gguf = GgufInspector.inspect(file);

    assertThat(gguf.getString("general.name")).contains("tiny-chat");
    assertThat(gguf.getString("tokenizer.ggml.model")).contains("llama");
    assertThat(gguf.getString("tokenizer.chat_template").orElseThrow()).contains("<|im_start|>");
    assertThat(gguf.get("tokenizer.ggml.add_space_prefix")).contains(GgufValue.bool(false));
    assertThat(gguf.get("tokenizer.ggml.add_bos_token")).contains(GgufValue.bool(true));
    assertThat(gguf.getLong("tokenizer.ggml.bos_token_id")).hasValue(1);
    assertThat(gguf.getLong("tokenizer.ggml.eos_token_id")).hasValue(2);
    assertThat(gguf.getLong("tokenizer.ggml.unknown_token_id")).hasValue(0);
    assertThat(((GgufValue.ArrayValue) gguf.get("tokenizer.ggml.tokens").orElseThrow()).strings())
        .hasSize(500)
        .isEqualTo(GgufVocabulary.padded(500).tokens());
    assertThat(gguf.vocabSize()).hasValue(500);
  }

  @Test
  void builder_vocabularyOfOtherSize_rejected() {
    assertThatThrownBy(
            () -> GgufModels.builder(ModelShape.tinyDense()).vocabulary(GgufVocabulary.padded(400)))
        .hasMessageContaining("vocabulary has 400 tokens but the shape says 354");
  }

  @Test
  void modelShape_invalidCombinations_rejected() {
    ModelShape tiny = ModelShape.tinyDense();

    assertThatThrownBy(() -> tiny.withExperts(4, 5)).hasMessageContaining("experts: 5 used of 4");
    assertThatThrownBy(() -> tiny.withExperts(4, 0)).hasMessageContaining("experts: 0 used of 4");
    assertThatThrownBy(() -> tiny.withExperts(0, 1)).hasMessageContaining("experts: 1 used of 0");
    assertThatThrownBy(() -> tiny.withHeadCountKv(3))
        .hasMessageContaining("not a multiple of the KV head count 3");
    assertThatThrownBy(() -> ModelShape.dense(60, 1, 8, 64, 400)).hasMessageContaining("even size");
    assertThatThrownBy(() -> tiny.withVocabSize(100)).hasMessageContaining("below the 354 tokens");
    assertThat(tiny.withHeadCountKv(2).tensors())
        .filteredOn(t -> t.name().equals("blk.0.attn_k.weight"))
        .singleElement()
        .satisfies(t -> assertThat(t.dimensions()).containsExactly(64L, 32L));
  }
}
