package io.symposium.pool.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.pool.ChatPrompt;
import io.symposium.pool.template.ChatTemplate;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's fixtures of current families, read back by {@link GgufInspector}: the keys and
 * tensor names llama.cpp v0.5.0 needs for qwen3 and qwen3moe (src/models/qwen3*.cpp), their shapes,
 * the BPE tokenizer metadata, and a chat template that renders.
 */
final class CurrentArchitecturesTest {

  @TempDir Path dir;

  // tinyDense(): 64 wide (4 heads of 16), 2 layers, feed-forward 128, vocabulary 354
  private static final ModelShape DENSE = ModelShape.tinyDense();
  private static final ModelShape MOE = ModelShape.tinyDense().withExperts(4, 2);

  @Test
  void qwen3_hasPerHeadQueryAndKeyNorms_andQwenMetadata() {
    GgufFile gguf =
        GgufInspector.inspect(GgufModels.qwen3(DENSE).seed(1).writeTo(dir.resolve("q.gguf")));

    assertThat(gguf.architecture()).isEqualTo("qwen3");
    assertThat(gguf.embeddingLength()).hasValue(64);
    assertThat(gguf.blockCount()).hasValue(2);
    assertThat(gguf.getLong("qwen3.attention.key_length")).hasValue(16);
    assertThat(gguf.getLong("qwen3.rope.dimension_count")).hasValue(16);
    assertThat(gguf.getLong("llama.embedding_length")).isEmpty();
    for (int block = 0; block < 2; block++) {
      assertThat(dims(gguf, "blk." + block + ".attn_q_norm.weight")).containsExactly(16L);
      assertThat(dims(gguf, "blk." + block + ".attn_k_norm.weight")).containsExactly(16L);
      assertThat(gguf.tensor("blk." + block + ".attn_q_norm.weight").orElseThrow().type())
          .isEqualTo(GgmlType.F32);
      assertThat(dims(gguf, "blk." + block + ".ffn_gate.weight")).containsExactly(64L, 128L);
    }
    assertThat(gguf.tensor("blk.0.ffn_gate_exps.weight")).isEmpty();
    // llama's 9 tensors a block plus the two norms, and embedding, output norm, output
    assertThat(gguf.tensors()).hasSize(3 + 2 * 11);
    assertThat(gguf.tensorValues("blk.1.attn_k_norm.weight")).containsOnly(1f);
  }

  @Test
  void qwen3Moe_hasTheExpertTensors_andExpertKeys() {
    GgufFile gguf =
        GgufInspector.inspect(GgufModels.qwen3Moe(MOE).seed(2).writeTo(dir.resolve("m.gguf")));

    assertThat(gguf.architecture()).isEqualTo("qwen3moe");
    assertThat(gguf.expertCount()).hasValue(4);
    assertThat(gguf.expertUsedCount()).hasValue(2);
    assertThat(gguf.getLong("qwen3moe.expert_feed_forward_length")).hasValue(128);
    assertThat(dims(gguf, "blk.1.ffn_gate_inp.weight")).containsExactly(64L, 4L);
    assertThat(gguf.tensor("blk.1.ffn_gate_inp.weight").orElseThrow().type())
        .isEqualTo(GgmlType.F32);
    assertThat(dims(gguf, "blk.1.ffn_gate_exps.weight")).containsExactly(64L, 128L, 4L);
    assertThat(dims(gguf, "blk.1.ffn_up_exps.weight")).containsExactly(64L, 128L, 4L);
    assertThat(dims(gguf, "blk.1.ffn_down_exps.weight")).containsExactly(128L, 64L, 4L);
    assertThat(dims(gguf, "blk.1.attn_k_norm.weight")).containsExactly(16L);
    assertThat(gguf.tensor("blk.0.ffn_gate.weight")).isEmpty();
  }

  @Test
  void qwen3_tokenizerIsByteLevelBpe_withControlTokensAndAChatTemplateThatRenders() {
    GgufFile gguf =
        GgufInspector.inspect(GgufModels.qwen3(DENSE).seed(1).writeTo(dir.resolve("q.gguf")));

    assertThat(gguf.getString("tokenizer.ggml.model")).hasValue("gpt2");
    assertThat(gguf.getString("tokenizer.ggml.pre")).hasValue("qwen2");
    assertThat(gguf.vocabSize()).hasValue(354);
    List<String> tokens = strings(gguf, "tokenizer.ggml.tokens");
    assertThat(tokens).hasSize(354).doesNotHaveDuplicates();
    // GPT-2's byte alphabet: "!" first, the space byte is "Ġ" at 220, as in real vocabularies
    assertThat(tokens.getFirst()).isEqualTo("!");
    assertThat(tokens.get(220)).isEqualTo("Ġ");
    assertThat(tokens.subList(349, 354))
        .containsExactly("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>");
    assertThat(ints(gguf, "tokenizer.ggml.token_type").subList(349, 354)).containsOnly(3L);
    assertThat(ints(gguf, "tokenizer.ggml.token_type").get(220)).isEqualTo(1L);
    assertThat(gguf.getLong("tokenizer.ggml.eos_token_id")).hasValue(351);
    assertThat(gguf.getLong("tokenizer.ggml.bos_token_id")).hasValue(349);
    assertThat(strings(gguf, "tokenizer.ggml.merges")).contains("Ġ t", "h e");

    ChatTemplate template = ChatTemplate.of(gguf).orElseThrow();
    assertThat(template.addsBos()).isFalse();
    assertThat(template.stops()).containsExactly("<|endoftext|>", "<|im_end|>");
    assertThat(template.render(List.of(new ChatPrompt.Message("user", "Hi")), true))
        .isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void llama3_carriesTheLlama3TokensAndTemplate_andAddsBosItself() {
    GgufFile gguf =
        GgufInspector.inspect(GgufModels.llama3(DENSE).seed(3).writeTo(dir.resolve("l.gguf")));

    assertThat(gguf.architecture()).isEqualTo("llama");
    assertThat(gguf.getString("tokenizer.ggml.pre")).hasValue("llama-bpe");
    assertThat(strings(gguf, "tokenizer.ggml.tokens"))
        .contains("<|eot_id|>", "<|start_header_id|>");
    ChatTemplate template = ChatTemplate.of(gguf).orElseThrow();
    assertThat(template.bosToken()).isEqualTo("<|begin_of_text|>");
    assertThat(template.addsBos()).isTrue();
    assertThat(template.stops()).contains("<|eot_id|>", "<|end_of_text|>");
    // the BOS token comes from llama.cpp, so the rendered text leaves it out
    assertThat(template.render(List.of(new ChatPrompt.Message("user", "Hi")), true))
        .isEqualTo(
            "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test
  void theZooKindOfFile_hasNoTemplate() {
    GgufFile gguf =
        GgufInspector.inspect(
            GgufModels.writeRandom(dir.resolve("z.gguf"), DENSE, WeightType.F32, 4));
    assertThat(ChatTemplate.of(gguf)).isEmpty();
  }

  @Test
  void shapesThatDoNotFitTheArchitecture_areRefused() {
    assertThatThrownBy(() -> GgufModels.qwen3(MOE).seed(1).writeTo(dir.resolve("x.gguf")))
        .hasMessageContaining("qwen3 is dense");
    assertThatThrownBy(() -> GgufModels.qwen3Moe(DENSE).seed(1).writeTo(dir.resolve("y.gguf")))
        .hasMessageContaining("qwen3moe needs experts");
  }

  private static List<Long> dims(GgufFile gguf, String tensor) {
    return gguf.tensor(tensor).orElseThrow().dimensions();
  }

  private static List<String> strings(GgufFile gguf, String key) {
    return ((GgufValue.ArrayValue) gguf.get(key).orElseThrow())
        .elements().stream().map(v -> ((GgufValue.StringValue) v).value()).toList();
  }

  private static List<Long> ints(GgufFile gguf, String key) {
    return ((GgufValue.ArrayValue) gguf.get(key).orElseThrow())
        .elements().stream().map(v -> ((GgufValue.IntValue) v).value()).toList();
  }
}
