package io.symposium.evals.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.gguf.GgufInspector;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.GgufValue;
import io.symposium.pool.gguf.GgufVocabulary;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Command line: turns the recipe's exports ({@code {name}.safetensors} + {@code {name}.json}, see
 * evals/zoo/README.md) into the zoo's GGUF files and manifests.
 *
 * <pre>
 * ZooExporter --in DIR --out evals/zoo/models [--only a,b]
 * </pre>
 *
 * Each model becomes {@code {name}.gguf} (q8_0 weight matrices, f32 norms, the char-level
 * vocabulary, the trained context length) and {@code {name}.manifest.json} (sha256, parameters,
 * hyperparameters, recipe and seed, skill mix, role). A feed-forward width that q8_0's 32-value
 * blocks do not divide is padded with zero rows and columns, which leaves the model's function
 * unchanged.
 */
public final class ZooExporter {
  /** q8_0 quantises rows in blocks of this many values. */
  static final int BLOCK = 32;

  /**
   * The seed and size of the benchmark and training text the zoo is trained on
   * (GenerateSkillBench).
   */
  static final String DATA_COMMAND =
      "GenerateSkillBench --seed 42 --out data/synth --per-skill 50 --train-per-skill 30000";

  private ZooExporter() {}

  public static void main(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2)
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    if (!options.containsKey("in") || args.length % 2 != 0) {
      System.err.println("usage: ZooExporter --in DIR --out evals/zoo/models [--only a,b]");
      System.exit(2);
    }
    Path in = Path.of(options.get("in"));
    Path out = Path.of(options.getOrDefault("out", "evals/zoo/models"));
    List<String> only =
        options.containsKey("only") ? List.of(options.get("only").split(",")) : List.of();
    try (var files = Files.list(in)) {
      List<Path> configs =
          files
              .filter(p -> p.toString().endsWith(".json"))
              .filter(
                  p -> Files.exists(Path.of(p.toString().replaceFirst("\\.json$", ".safetensors"))))
              .sorted()
              .toList();
      for (Path config : configs) {
        String name = config.getFileName().toString().replaceFirst("\\.json$", "");
        if (!only.isEmpty() && !only.contains(name)) continue;
        Exported exported = export(in.resolve(name + ".safetensors"), config, out);
        System.out.printf(
            "%-18s %9d parameters %10d bytes  %s%n",
            name, exported.parameters(), exported.bytes(), exported.gguf());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + in, e);
    }
  }

  /** What one export wrote. */
  record Exported(Path gguf, Path manifest, long parameters, long bytes, String sha256) {}

  /** Exports one model: {@code out/{name}.gguf} and {@code out/{name}.manifest.json}. */
  static Exported export(Path safetensors, Path config, Path out) {
    JsonNode h = readJson(config);
    String name = h.path("name").asText();
    if (h.path("n_vocab").asInt() != GgufVocabulary.CHAR_LEVEL_SIZE)
      throw new IllegalArgumentException(
          "%s: n_vocab %d is not the char-level vocabulary's %d"
              .formatted(config, h.path("n_vocab").asInt(), GgufVocabulary.CHAR_LEVEL_SIZE));
    int embd = h.path("n_embd").asInt(),
        ff = h.path("n_ff").asInt(),
        layers = h.path("n_layer").asInt();
    int paddedFf = (ff + BLOCK - 1) / BLOCK * BLOCK;
    if (h.path("n_rot").asInt(embd / h.path("n_head").asInt()) != embd / h.path("n_head").asInt())
      throw new IllegalArgumentException(config + ": partial rotary embeddings are not supported");
    var shape =
        new ModelShape(
            h.path("context_length").asInt(),
            embd,
            layers,
            paddedFf,
            h.path("n_head").asInt(),
            h.path("n_head_kv").asInt(),
            GgufVocabulary.CHAR_LEVEL_SIZE,
            0,
            0,
            (float) h.path("rms_eps").asDouble(),
            (float) h.path("rope_theta").asDouble());

    SafetensorsFile weights = SafetensorsFile.read(safetensors);
    Map<String, float[]> values = new HashMap<>();
    long trained = 0;
    for (var entry : weights.tensors().entrySet()) {
      String tensor = entry.getKey();
      float[] v = entry.getValue().values();
      List<Long> dims = entry.getValue().shape();
      trained += v.length;
      if (paddedFf != ff
          && (tensor.endsWith(".ffn_gate.weight") || tensor.endsWith(".ffn_up.weight")))
        v = padRows(v, dims, paddedFf);
      else if (paddedFf != ff && tensor.endsWith(".ffn_down.weight"))
        v = padColumns(v, dims, paddedFf);
      values.put(tensor, v);
    }
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + out, e);
    }
    String role =
        switch (h.path("kind").asText("expert")) {
          case "expert" -> "expert";
          case "keywords" -> "keywords";
          case "aggregator" -> "aggregator";
          default ->
              throw new IllegalArgumentException(config + ": unknown kind " + h.path("kind"));
        };
    Path gguf =
        GgufModels.builder(shape)
            .name(name)
            .weightType(WeightType.Q8_0)
            .vocabulary(GgufVocabulary.charLevel())
            .weights(values)
            .metadata("symposium.zoo.role", GgufValue.string(role))
            .metadata(
                "symposium.zoo.prompt_format", GgufValue.string(h.path("prompt_format").asText()))
            .writeTo(out.resolve(name + ".gguf"));
    GgufFile inspected = GgufInspector.inspect(gguf);
    String sha256 = sha256(gguf);
    long bytes = size(gguf);

    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode manifest = json.createObjectNode();
    manifest.put("name", name);
    manifest.put("role", role);
    manifest.put("file", name + ".gguf");
    manifest.put("sha256", sha256);
    manifest.put("bytes", bytes);
    manifest.put("weight_type", "q8_0 (norms f32)");
    manifest.put("parameters", trained);
    manifest.put("gguf_parameters", inspected.parameterCount());
    manifest.put("prompt_format", h.path("prompt_format").asText());
    ObjectNode hp = manifest.putObject("hyperparameters");
    hp.put("architecture", "llama");
    for (String key :
        List.of(
            "n_vocab",
            "n_embd",
            "n_layer",
            "n_head",
            "n_head_kv",
            "n_ff",
            "n_rot",
            "context_length")) hp.put(key, h.path(key).asInt());
    hp.put("n_ff_in_gguf", paddedFf);
    hp.put("rms_eps", h.path("rms_eps").asDouble());
    hp.put("rope_theta", h.path("rope_theta").asDouble());
    hp.put("rope_type", h.path("rope_type").asText());
    hp.put("tied_embeddings", h.path("tied_embeddings").asBoolean());
    ObjectNode recipe = manifest.putObject("training");
    recipe.put("recipe", "evals/zoo/train.py with evals/zoo/zoo.json (see evals/zoo/README.md)");
    recipe.put("data", DATA_COMMAND);
    recipe.set("run", h.path("train"));
    recipe.put("seed", h.path("train").path("seed").asLong());
    recipe.put("exported_as", h.path("export_dtype").asText("float32"));
    // the mix is documentation for people: the profiler has to discover what a model is good at
    manifest.set(
        "training_skill_mix",
        h.path("skills").isMissingNode() ? json.nullNode() : h.path("skills"));
    manifest.set("python_validation_eval", h.path("eval"));
    Path manifestFile = out.resolve(name + ".manifest.json");
    try {
      Files.writeString(manifestFile, json.writeValueAsString(manifest) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + manifestFile, e);
    }
    return new Exported(gguf, manifestFile, trained, bytes, sha256);
  }

  /** Appends zero rows: a PyTorch {@code [rows, cols]} matrix becomes {@code [newRows, cols]}. */
  static float[] padRows(float[] values, List<Long> shape, int newRows) {
    int rows = shape.get(0).intValue(), cols = shape.get(1).intValue();
    if (newRows < rows)
      throw new IllegalArgumentException("cannot pad %d rows to %d".formatted(rows, newRows));
    return java.util.Arrays.copyOf(values, newRows * cols);
  }

  /**
   * Appends zero columns: a PyTorch {@code [rows, cols]} matrix becomes {@code [rows, newCols]}.
   */
  static float[] padColumns(float[] values, List<Long> shape, int newCols) {
    int rows = shape.get(0).intValue(), cols = shape.get(1).intValue();
    if (newCols < cols)
      throw new IllegalArgumentException("cannot pad %d columns to %d".formatted(cols, newCols));
    float[] padded = new float[rows * newCols];
    for (int r = 0; r < rows; r++) System.arraycopy(values, r * cols, padded, r * newCols, cols);
    return padded;
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  static JsonNode readJson(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static List<Path> manifests(Path dir) {
    try (var files = Files.list(dir)) {
      return new ArrayList<>(
          files.filter(p -> p.toString().endsWith(".manifest.json")).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
