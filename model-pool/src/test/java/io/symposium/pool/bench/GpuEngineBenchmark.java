package io.symposium.pool.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symposium.pool.llamacpp.engine.BackendDevice;
import io.symposium.pool.llamacpp.engine.EngineConfig;
import io.symposium.pool.llamacpp.engine.GenerationRequest;
import io.symposium.pool.llamacpp.engine.GenerationResult;
import io.symposium.pool.llamacpp.engine.LlamaEngine;
import io.symposium.pool.llamacpp.engine.LoadedModel;
import io.symposium.pool.llamacpp.engine.ModelSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The engine on a GPU build of llama.cpp (issue 16), beside llama.cpp's own tools on the same
 * files: for each of {@link GpuFixtures}' eight models, with every layer offloaded, the load time
 * from a warm page cache (seconds and s/GB) and the decode rate of one sequence, next to
 * llama-bench's {@code tg128} and llama-simple's load time when their outputs are given.
 *
 * <p>Arguments: the fixtures directory, the {@code libllama} of the GPU build, and optionally
 * llama-bench's JSON output ({@code -o json}) and a file of llama-simple load times (lines {@code
 * <model id> <load ms> <process ms>}). Run by {@code model-pool/bench/gpu/run-java.sh}
 * (model-pool/README.md, "GPU").
 */
final class GpuEngineBenchmark {
  private static final String PROMPT = "Once upon a time";
  private static final int DECODE_TOKENS = 128;
  private static final int RUNS = 3;
  private static final int CONTEXT = 256;

  private static final java.util.logging.Logger ENGINE_LOG =
      java.util.logging.Logger.getLogger("llama.cpp");

  private GpuEngineBenchmark() {}

  /** llama.cpp's own figures for one file. */
  record Reference(double decodeTps, double promptTps, double simpleLoadMs, double processMs) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: GpuEngineBenchmark <fixtures dir> <libllama.so> [llama-bench.json]"
              + " [simple-load.txt]");
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    Path library = Path.of(args[1]).toAbsolutePath();
    Map<String, Reference> reference =
        references(
            args.length > 2 ? Path.of(args[2]) : null, args.length > 3 ? Path.of(args[3]) : null);
    ENGINE_LOG.setLevel(java.util.logging.Level.SEVERE);
    long start = System.nanoTime();
    try (OutputStream file = Files.newOutputStream(dir.resolve("gpu-engine.md"));
        PrintStream out =
            new PrintStream(EngineBenchmark.tee(System.out, file), true, StandardCharsets.UTF_8);
        LlamaEngine engine = LlamaEngine.open(EngineConfig.library(library))) {
      out.printf(
          "# Engine on the GPU, %s%n%n",
          Instant.now().toString().substring(0, 16).replace('T', ' '));
      for (BackendDevice d : engine.devices()) {
        out.printf(
            "- device %s: %s (%s), %.1f GiB total%n",
            d.name(), d.description(), d.kind(), d.totalBytes() / 1073741824.0);
      }
      out.printf(
          "- %s; Java %s; %s; gpu-layers %d, context %d, 1 sequence%n%n",
          EngineBenchmark.cpuModel(),
          System.getProperty("java.version"),
          library,
          GpuFixtures.gpuLayers(),
          CONTEXT);
      table(out, engine, dir, reference);
      out.printf("_Total run time: %.0f s._%n", (System.nanoTime() - start) / 1e9);
    }
    System.exit(0);
  }

  private static void table(
      PrintStream out, LlamaEngine engine, Path dir, Map<String, Reference> reference) {
    ModelSettings settings =
        ModelSettings.defaults()
            .withContextSize(CONTEXT)
            .withParallelSequences(1)
            .withGpuLayers(GpuFixtures.gpuLayers());
    MarkdownTable table =
        new MarkdownTable(
            "model",
            "GB",
            "engine load s (min–max)",
            "s/GB",
            "load + first token s",
            "llama-simple load s (process s)",
            "engine decode tok/s best (median)",
            "llama-bench tg128 tok/s",
            "engine median ÷ llama-bench",
            "llama-bench pp512 tok/s");
    // the first load pays CUDA's one-off start-up (context, kernels): keep it out of the table
    GpuFixtures.Model first = GpuFixtures.models().getFirst();
    engine.load("warm-up", PageCache.warm(first.path(dir)), settings).close();
    for (GpuFixtures.Model m : GpuFixtures.models()) {
      Path path = PageCache.warm(m.path(dir));
      double gb = Files.exists(path) ? sizeGb(path) : 0;
      double[] load = new double[RUNS];
      double[] firstToken = new double[RUNS];
      for (int r = 0; r < RUNS; r++) {
        long t0 = System.nanoTime();
        LoadedModel model = engine.load(m.id(), path, settings);
        long t1 = System.nanoTime();
        model.generate(GenerationRequest.of("a", 1));
        long t2 = System.nanoTime();
        model.close();
        load[r] = (t1 - t0) / 1e9;
        firstToken[r] = (t2 - t0) / 1e9;
      }
      double[] rates = new double[RUNS];
      try (LoadedModel model = engine.load(m.id(), path, settings)) {
        model.generate(GenerationRequest.of(PROMPT, 8));
        for (int r = 0; r < RUNS; r++) {
          rates[r] = decodeRate(model);
        }
      }
      Reference ref = reference.get(m.id());
      double best = max(rates);
      table.row(
          m.id(),
          fmt(gb, 2),
          fmt(EngineBenchmark.median(load), 2)
              + " (%s–%s)".formatted(fmt(min(load), 2), fmt(max(load), 2)),
          fmt(EngineBenchmark.median(load) / gb, 3),
          fmt(EngineBenchmark.median(firstToken), 2),
          ref == null || ref.simpleLoadMs() <= 0
              ? "–"
              : "%s (%s)"
                  .formatted(fmt(ref.simpleLoadMs() / 1e3, 2), fmt(ref.processMs() / 1e3, 2)),
          fmt(best, 1) + " (" + fmt(EngineBenchmark.median(rates), 1) + ")",
          ref == null || ref.decodeTps() <= 0 ? "–" : fmt(ref.decodeTps(), 1),
          ref == null || ref.decodeTps() <= 0
              ? "–"
              : fmt(100 * EngineBenchmark.median(rates) / ref.decodeTps(), 1) + " %",
          ref == null || ref.promptTps() <= 0 ? "–" : fmt(ref.promptTps(), 0));
    }
    out.print(table.render());
    out.printf(
        "%nEngine load = `LlamaEngine.load` (GGUF check, `llama_model_load_from_file` with mmap and"
            + " the upload of every layer, `llama_init_from_model`), median of %d from a warm page"
            + " cache; load + first token adds a 1-token generation, which is what llama-simple's"
            + " `load time` counts (model load to the end of the first evaluation). Decode ="
            + " %d tokens of one sequence after an 8-token warm-up, best of %d"
            + " (`GenerationResult.tokensPerSecond`, prompt excluded, greedy sampling included);"
            + " llama-bench's tg128 is the mean of its repetitions (`-r`), without sampling.%n%n",
        RUNS, DECODE_TOKENS, RUNS);
  }

  private static double decodeRate(LoadedModel model) {
    GenerationResult r = model.generate(GenerationRequest.of(PROMPT, DECODE_TOKENS));
    if (r.generatedTokens() < DECODE_TOKENS / 2) {
      throw new IllegalStateException(
          "only %d of %d tokens generated (%s)"
              .formatted(r.generatedTokens(), DECODE_TOKENS, r.finishReason()));
    }
    return r.tokensPerSecond();
  }

  /** llama-bench's JSON and llama-simple's load times, by model id (the file name's stem). */
  static Map<String, Reference> references(@Nullable Path benchJson, @Nullable Path simpleLoads)
      throws IOException {
    Map<String, double[]> parts = new HashMap<>();
    if (benchJson != null && Files.isRegularFile(benchJson)) {
      for (JsonNode test : new ObjectMapper().readTree(benchJson.toFile())) {
        String id = stem(test.path("model_filename").asText());
        double[] p = parts.computeIfAbsent(id, k -> new double[4]);
        if (test.path("n_gen").asInt() > 0 && test.path("n_prompt").asInt() == 0) {
          p[0] = test.path("avg_ts").asDouble();
        } else if (test.path("n_prompt").asInt() > 0 && test.path("n_gen").asInt() == 0) {
          p[1] = test.path("avg_ts").asDouble();
        }
      }
    }
    if (simpleLoads != null && Files.isRegularFile(simpleLoads)) {
      for (String line : Files.readAllLines(simpleLoads)) {
        String[] f = line.strip().split("\\s+");
        if (f.length == 3) {
          double[] p = parts.computeIfAbsent(f[0], k -> new double[4]);
          p[2] = Double.parseDouble(f[1]);
          p[3] = Double.parseDouble(f[2]);
        }
      }
    }
    Map<String, Reference> out = new HashMap<>();
    parts.forEach((id, p) -> out.put(id, new Reference(p[0], p[1], p[2], p[3])));
    return out;
  }

  private static String stem(String file) {
    String name = Path.of(file).getFileName().toString();
    return name.endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
  }

  private static double sizeGb(Path path) {
    try {
      return Files.size(path) / 1e9;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the size of " + path, e);
    }
  }

  private static double max(double[] values) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static double min(double[] values) {
    double m = Double.POSITIVE_INFINITY;
    for (double v : values) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static String fmt(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}
