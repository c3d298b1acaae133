package io.symposium.evals.zoo;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.evals.synth.TrainingText;
import io.symposium.pool.BackendKind;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.LocalEngineOptions;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.gguf.GgufInspector;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * Command line: measures the committed zoo through the real llama.cpp path (a {@link ModelPool}
 * whose llama.cpp worker process runs the bundled CPU library, greedy decoding) on the synthetic
 * benchmark's test split and writes the results into the zoo README (between {@code <!--
 * zoo-accuracy:start -->} and {@code <!-- zoo-accuracy:end -->}) and a PNG heatmap.
 *
 * <pre>
 * ZooAccuracy --models evals/zoo/models --data data/synth [--readme evals/zoo/README.md]
 *             [--png evals/zoo/accuracy.png] [--threads 2] [--per-skill N]
 * </pre>
 *
 * Experts: per-model × per-skill accuracy (the answer is the last "The answer is (X)" or
 * "\boxed{N}"). Keyword model: the share of questions whose keywords all belong to the true skill's
 * keywords. Aggregator: accuracy when it combines three experts' answers, next to their majority
 * vote. Latency: one multiple-choice question per expert, alone, median of five.
 */
public final class ZooAccuracy {
  private static final int MAX_TOKENS = 96;
  private static final int PARALLEL = 16;
  private static final int CHUNK = 4 * PARALLEL;

  private ZooAccuracy() {}

  public static void main(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2)
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    Path models = Path.of(options.getOrDefault("models", "evals/zoo/models"));
    Path data = Path.of(options.getOrDefault("data", "data/synth"));
    Path readme = Path.of(options.getOrDefault("readme", "evals/zoo/README.md"));
    Path png = Path.of(options.getOrDefault("png", "evals/zoo/accuracy.png"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
    int perSkill = Integer.parseInt(options.getOrDefault("per-skill", "1000"));

    List<TestItem> test = TestItem.load(data, perSkill);
    List<ZooModel> zoo = ZooExporter.manifests(models).stream().map(ZooModel::of).toList();
    var report = new StringBuilder();
    try (ModelPool pool = pool(models)) {
      Map<String, List<String>> outputs = new LinkedHashMap<>();
      Map<String, Double> latencyMs = new LinkedHashMap<>();
      Map<String, Integer> latencyTokens = new LinkedHashMap<>();
      TestItem timed =
          test.stream().filter(t -> t.format().equals("mc10")).findFirst().orElse(test.getFirst());
      for (ZooModel model : zoo.stream().filter(m -> m.role().equals("expert")).toList()) {
        try (Loaded loaded = Loaded.register(pool, model, threads)) {
          long t0 = System.nanoTime();
          outputs.put(
              model.name(),
              loaded.generate(
                  test.stream().map(t -> TrainingText.expertPrompt(t.question())).toList()));
          System.out.printf(
              Locale.ROOT,
              "%-18s %d questions in %.1f s%n",
              model.name(),
              test.size(),
              (System.nanoTime() - t0) / 1e9);
          double[] ms = new double[5];
          for (int i = 0; i < ms.length; i++) {
            long s = System.nanoTime();
            Completion r = loaded.generate(TrainingText.expertPrompt(timed.question()));
            ms[i] = (System.nanoTime() - s) / 1e6;
            latencyTokens.put(model.name(), r.completionTokens());
          }
          Arrays.sort(ms);
          latencyMs.put(model.name(), ms[ms.length / 2]);
        }
      }
      report.append(ZooReport.expertSection(zoo, test, outputs, png));
      report.append(ZooReport.latencySection(timed, latencyMs, latencyTokens));
      for (ZooModel model : zoo) {
        if (model.role().equals("keywords")) {
          try (Loaded loaded = Loaded.register(pool, model, threads)) {
            report.append(
                ZooReport.keywordSection(
                    model,
                    test,
                    loaded.generate(
                        test.stream()
                            .map(t -> TrainingText.keywordPrompt(t.question()))
                            .toList())));
          }
        } else if (model.role().equals("aggregator")) {
          try (Loaded loaded = Loaded.register(pool, model, threads)) {
            report.append(ZooReport.aggregatorSection(model, loaded::generate, test, outputs));
          }
        }
      }
    }
    System.out.println(report);
    ZooReport.writeSection(readme, report.toString());
  }

  /**
   * A pool with one llama.cpp worker process, serving models from the zoo's directory, one model at
   * a time (each {@link Loaded} removes its model again).
   */
  private static ModelPool pool(Path models) {
    return ModelPool.create(
        new ModelPool.Config(
            8L << 30,
            Duration.ofMinutes(1),
            CHUNK,
            Duration.ofMinutes(10),
            0,
            Duration.ofSeconds(1),
            List.of(models.toAbsolutePath().normalize())),
        Map.of(BackendKind.LLAMA_CPP, ModelBackends.llamaCpp(LocalEngineOptions.defaults())),
        InstantSource.system(),
        new SimpleMeterRegistry());
  }

  /** A zoo model registered in the pool, {@link #PARALLEL} sequences decoded together. */
  private record Loaded(ModelPool pool, ZooModel model) implements AutoCloseable {

    static Loaded register(ModelPool pool, ZooModel model, int threads) {
      Path file = model.gguf().toAbsolutePath().normalize();
      if (GgufInspector.inspect(file).vocabSize().orElse(0) != ZooModel.VOCABULARY.size())
        throw new IllegalStateException(
            model.name() + " does not carry the zoo's char-level vocabulary: " + file);
      pool.register(
          ModelSpec.llamaCpp(model.name(), file)
              .withContextSize(model.contextLength())
              .withParallelSlots(PARALLEL)
              .withThreads(threads));
      return new Loaded(pool, model);
    }

    /** The answers to {@code prompts}, in order, {@link #CHUNK} requests queued at a time. */
    List<String> generate(List<String> prompts) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < prompts.size(); i += CHUNK)
        out.addAll(
            Objects.requireNonNull(
                Flux.fromIterable(prompts.subList(i, Math.min(prompts.size(), i + CHUNK)))
                    .flatMapSequential(p -> pool.generate(model.name(), request(p)), CHUNK)
                    .map(Completion::text)
                    .collectList()
                    .block()));
      return out;
    }

    Completion generate(String prompt) {
      return Objects.requireNonNull(pool.generate(model.name(), request(prompt)).block());
    }

    /** Greedy, at most {@link #MAX_TOKENS} and never past the model's context. */
    CompletionRequest request(String prompt) {
      return CompletionRequest.greedy(
          prompt,
          Math.max(1, Math.min(MAX_TOKENS, model.contextLength() - ZooModel.tokens(prompt))));
    }

    @Override
    public void close() {
      pool.remove(model.name());
    }
  }
}
