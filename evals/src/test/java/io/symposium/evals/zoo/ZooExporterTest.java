package io.symposium.evals.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.gguf.GgufInspector;
import io.symposium.pool.gguf.GgufVocabulary;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter on a tiny synthetic model written as safetensors here, the way train.py writes one.
 */
class ZooExporterTest {
  private static final int EMBD = 64, FF = 80, LAYERS = 1, VOCAB = GgufVocabulary.CHAR_LEVEL_SIZE;

  @TempDir Path dir;

  @Test
  void export_tinySafetensors_roundTripsThroughQ8GgufWithManifest() throws Exception {
    Map<String, float[]> weights = tinyWeights();
    Map<String, List<Long>> shapes = shapes();
    // norms and the embedding as F32, the matrices as F16: train.py writes either
    writeSafetensors(
        dir.resolve("tiny.safetensors"),
        weights,
        shapes,
        name -> name.contains("norm") || name.startsWith("token") ? "F32" : "F16");
    Files.writeString(dir.resolve("tiny.json"), config().toString());

    ZooExporter.Exported exported =
        ZooExporter.export(
            dir.resolve("tiny.safetensors"), dir.resolve("tiny.json"), dir.resolve("out"));

    GgufFile gguf = GgufInspector.inspect(exported.gguf());
    assertThat(gguf.architecture()).isEqualTo("llama");
    assertThat(gguf.vocabSize()).hasValue(VOCAB);
    assertThat(gguf.contextLength()).hasValue(96);
    assertThat(gguf.feedForwardLength()).hasValue(96); // 80 padded to q8_0's 32-value blocks
    assertThat(gguf.getString("tokenizer.ggml.model")).hasValue("llama");
    assertThat(gguf.tensor("blk.0.attn_norm.weight").orElseThrow().type().name()).isEqualTo("F32");
    assertThat(gguf.tensor("blk.0.attn_q.weight").orElseThrow().type().name()).isEqualTo("Q8_0");

    // a [out, in] PyTorch matrix is the same row-major bytes as GGUF ne = [in, out]
    assertClose(
        gguf.tensorValues("blk.0.attn_q.weight"), halfRounded(weights.get("blk.0.attn_q.weight")));
    assertClose(gguf.tensorValues("token_embd.weight"), weights.get("token_embd.weight"));
    assertThat(gguf.tensorValues("output_norm.weight"))
        .containsExactly(weights.get("output_norm.weight"));
    float[] gate = gguf.tensorValues("blk.0.ffn_gate.weight"); // [96, 64]: rows 80..95 are zero
    assertClose(
        java.util.Arrays.copyOf(gate, FF * EMBD),
        halfRounded(weights.get("blk.0.ffn_gate.weight")));
    assertThat(java.util.Arrays.copyOfRange(gate, FF * EMBD, 96 * EMBD)).containsOnly(0f);
    float[] down = gguf.tensorValues("blk.0.ffn_down.weight"); // [64, 96]: columns 80..95 are zero
    float[] original = halfRounded(weights.get("blk.0.ffn_down.weight"));
    for (int r = 0; r < EMBD; r++) {
      for (int c = 0; c < 96; c++) {
        float expected = c < FF ? original[r * FF + c] : 0f;
        assertThat(down[r * 96 + c]).isCloseTo(expected, within(0.02f * 3 / 127 + 1e-6f));
      }
    }

    JsonNode manifest = new ObjectMapper().readTree(exported.manifest().toFile());
    assertThat(manifest.path("sha256").asText())
        .isEqualTo(ZooExporter.sha256(exported.gguf()))
        .hasSize(64);
    assertThat(manifest.path("role").asText()).isEqualTo("expert");
    assertThat(manifest.path("parameters").asLong())
        .isEqualTo(weights.values().stream().mapToLong(v -> v.length).sum());
    assertThat(manifest.path("training").path("seed").asLong()).isEqualTo(17);
    assertThat(manifest.path("training_skill_mix").path("parity").asDouble()).isEqualTo(1.0);
    assertThat(manifest.path("hyperparameters").path("n_ff_in_gguf").asInt()).isEqualTo(96);
  }

  @Test
  void parse_headerLongerThanFile_refusedWithClearError() {
    ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1_000);
    assertThatThrownBy(() -> SafetensorsFile.parse(bytes, "bad.safetensors"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header length 1000");
  }

  @Test
  void parse_dataOffsetsBeyondData_refused() throws Exception {
    Path file = dir.resolve("cut.safetensors");
    writeSafetensors(
        file, Map.of("x", new float[] {1, 2}), Map.of("x", List.of(2L)), name -> "F32");
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 4));
    assertThatThrownBy(() -> SafetensorsFile.read(file)).hasMessageContaining("data_offsets");
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    float max = 0;
    for (float v : expected) max = Math.max(max, Math.abs(v));
    // q8_0: one scale per 32 values, so the error is at most half a step of the block's largest
    // value / 127
    for (int i = 0; i < expected.length; i++)
      assertThat(actual[i]).isCloseTo(expected[i], within(max / 127 + 1e-6f));
  }

  private static float[] halfRounded(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++)
      out[i] = Float.float16ToFloat(Float.floatToFloat16(values[i]));
    return out;
  }

  private static Map<String, List<Long>> shapes() {
    Map<String, List<Long>> shapes = new LinkedHashMap<>();
    shapes.put("token_embd.weight", List.of((long) VOCAB, (long) EMBD));
    for (int l = 0; l < LAYERS; l++) {
      String b = "blk." + l + ".";
      shapes.put(b + "attn_norm.weight", List.of((long) EMBD));
      for (String p : List.of("attn_q", "attn_k", "attn_v", "attn_output"))
        shapes.put(b + p + ".weight", List.of((long) EMBD, (long) EMBD));
      shapes.put(b + "ffn_norm.weight", List.of((long) EMBD));
      shapes.put(b + "ffn_gate.weight", List.of((long) FF, (long) EMBD));
      shapes.put(b + "ffn_up.weight", List.of((long) FF, (long) EMBD));
      shapes.put(b + "ffn_down.weight", List.of((long) EMBD, (long) FF));
    }
    shapes.put("output_norm.weight", List.of((long) EMBD));
    shapes.put("output.weight", List.of((long) VOCAB, (long) EMBD));
    return shapes;
  }

  private static Map<String, float[]> tinyWeights() {
    var rng = new SplittableRandom(5);
    Map<String, float[]> weights = new LinkedHashMap<>();
    shapes()
        .forEach(
            (name, shape) -> {
              float[] v =
                  new float
                      [(int)
                          shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact)];
              for (int i = 0; i < v.length; i++)
                v[i] =
                    name.contains("norm")
                        ? 1f + (float) rng.nextGaussian() * 0.1f
                        : (float) rng.nextGaussian() * 0.02f;
              weights.put(name, v);
            });
    return weights;
  }

  private static ObjectNode config() {
    ObjectNode h = new ObjectMapper().createObjectNode();
    h.put("name", "tiny")
        .put("kind", "expert")
        .put("n_vocab", VOCAB)
        .put("n_embd", EMBD)
        .put("n_layer", LAYERS)
        .put("n_head", 4)
        .put("n_head_kv", 4)
        .put("n_ff", FF)
        .put("n_rot", EMBD / 4)
        .put("rms_eps", 1e-5)
        .put("rope_theta", 10000.0)
        .put("context_length", 96)
        .put("prompt_format", "Question: {question}\nAnswer:")
        .put("export_dtype", "float16");
    h.putObject("skills").put("parity", 1.0);
    h.putObject("train").put("seed", 17).put("steps", 1);
    return h;
  }

  /**
   * Writes safetensors as the reference implementation does: header length, JSON header, raw
   * little-endian data.
   */
  static void writeSafetensors(
      Path file,
      Map<String, float[]> tensors,
      Map<String, List<Long>> shapes,
      java.util.function.Function<String, String> dtype)
      throws Exception {
    ObjectNode header = new ObjectMapper().createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (var e : tensors.entrySet()) {
      String type = dtype.apply(e.getKey());
      float[] v = e.getValue();
      ByteBuffer b =
          ByteBuffer.allocate(v.length * (type.equals("F32") ? 4 : 2))
              .order(ByteOrder.LITTLE_ENDIAN);
      for (float x : v) {
        if (type.equals("F32")) b.putFloat(x);
        else b.putShort(Float.floatToFloat16(x));
      }
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", type);
      shapes.get(e.getKey()).forEach(t.putArray("shape")::add);
      t.putArray("data_offsets").add(data.size()).add(data.size() + b.capacity());
      data.write(b.array());
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out =
        ByteBuffer.allocate(8 + json.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length).put(json).put(data.toByteArray());
    Files.write(file, out.array());
  }
}
