package io.symposium.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.TaskFormat;
import io.symposium.pool.BackendKind;
import io.symposium.pool.LocalEngineOptions;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real profiling run through a real pool of random-weight llama.cpp models: the mechanics, not
 * the skills.
 */
final class ProfilingRunIT {

  @TempDir Path models;
  ModelPool pool;

  @BeforeEach
  void pool() {
    pool =
        ModelPool.create(
            new ModelPool.Config(
                1L << 31,
                Duration.ofSeconds(30),
                256,
                Duration.ofSeconds(120),
                1,
                Duration.ofMillis(100),
                List.of(models)),
            Map.of(BackendKind.LLAMA_CPP, ModelBackends.llamaCpp(LocalEngineOptions.defaults())),
            InstantSource.system(),
            new SimpleMeterRegistry());
    List<String> ids = List.of("kw", "expert-1", "expert-2");
    for (int i = 0; i < ids.size(); i++) {
      Path file =
          GgufModels.writeRandom(
              models.resolve(ids.get(i) + ".gguf"),
              ModelShape.tinyDense(),
              WeightType.F32,
              100 + i);
      pool.register(
          ModelSpec.llamaCpp(ids.get(i), file)
              .withContextSize(256)
              .withParallelSlots(4)
              .withThreads(1));
    }
  }

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void run_tinyRandomModels_everyModelScoredOnEveryKeywordAndProgressReachesTotal() {
    Generator generator = Generator.of(pool);
    // greedy keyword samples agree with each other, so the random model's words survive the >= 2
    // filter
    var keywords =
        KeywordExtractor.create(
            generator,
            "kw",
            ProfilingPrompts.compact(),
            KeywordExtractor.Settings.defaults()
                .withSampling(0, 0)
                .withMaxTokens(6)
                .withThresholds(200, 2));
    var profiler =
        ProfilingRun.create(
            generator,
            keywords,
            ProfilingPrompts.compact(),
            AnswerExtractor.multipleChoice(ExtractionMode.LENIENT),
            ProfilingRun.Settings.defaults().withMaxTokens(8));
    List<BenchmarkItem> items =
        List.of(
            BenchmarkItem.of("What is 2 plus 3? (A) 4 (B) 5 (C) 6 (D) 7", "B"),
            BenchmarkItem.of("Which word is a colour? (A) red (B) run (C) rock (D) rain", "A"),
            BenchmarkItem.of("Reverse the string abc. (A) cba (B) abc (C) bac (D) acb", "A"),
            BenchmarkItem.of(
                "If all cats are animals and Tom is a cat, is Tom an animal? (A) no (B) yes (C)"
                    + " maybe (D) never",
                "B"));
    List<ProfilingProgress> events = new CopyOnWriteArrayList<>();

    ProfilingResult result =
        profiler
            .run(
                ProfilingPlan.of(
                    "tiny", items, List.of("expert-1", "expert-2"), TaskFormat.MULTIPLE_CHOICE),
                events::add)
            .block(Duration.ofMinutes(4));

    ProfileSet profiles = result.profiles();
    System.out.println(
        "tiny vocabulary: " + profiles.vocabulary() + "; accuracy " + profiles.accuracy());
    assertThat(profiles.models()).containsExactly("expert-1", "expert-2");
    for (String model : profiles.models()) {
      assertThat(profiles.profile(model).keySet()).isEqualTo(new HashSet<>(profiles.vocabulary()));
      assertThat(profiles.accuracyOf(model))
          .hasValueSatisfying(a -> assertThat(a.total()).isEqualTo(items.size()));
    }
    assertThat(result.answers())
        .hasSize(items.size())
        .allSatisfy(a -> assertThat(a.answers()).containsOnlyKeys("expert-1", "expert-2"));
    assertThat(events)
        .contains(
            new ProfilingProgress(ProfilingProgress.Phase.KEYWORDS, items.size(), items.size()),
            new ProfilingProgress(
                ProfilingProgress.Phase.ANSWERS, 2 * items.size(), 2 * items.size()));
    assertThat(events.getLast())
        .isEqualTo(new ProfilingProgress(ProfilingProgress.Phase.FINISHED, 1, 1));
    assertThat(pool.loads()).isEqualTo(3);
  }
}
