package io.symposium.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.aggregate.FinalAnswer.Fallback;
import io.symposium.aggregate.FinalAnswer.Method;
import io.symposium.pool.BackendKind;
import io.symposium.pool.Footprint;
import io.symposium.pool.LocalEngineOptions;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.gguf.GgufInspector;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LLM synthesis through a real pool and a real llama.cpp worker, on a random-weight aggregator: its
 * output is noise, so the test checks the mechanics (the call path, the aggregator named, the
 * fallback to the experts' majority reported), not the text.
 */
final class LlmSynthesisIT {

  static final Question QUESTION =
      Question.of(
          "Which is even? The options are: (A) 1 (B) 2 (C) 3 (D) 5", TaskFormat.MULTIPLE_CHOICE);
  static final List<ExpertAnswer> EXPERTS =
      List.of(
          ExpertAnswer.of("e1", "(B) 2. The answer is (B)"),
          ExpertAnswer.of("e2", "(A) 1. The answer is (A)"),
          ExpertAnswer.of("e3", "(B) 2. The answer is (B)"));
  // strict reading: a few random characters cannot spell "The answer is (X)", so the fallback is
  // certain
  static final AnswerExtractor STRICT = AnswerExtractor.forFormat(ExtractionMode.STRICT);

  @TempDir Path models;
  ModelPool pool;

  @BeforeEach
  void pool() {
    Path file =
        GgufModels.writeRandom(
            models.resolve("agg.gguf"),
            ModelShape.tinyDense().withContextLength(2048),
            WeightType.F32,
            7);
    ModelSpec spec =
        ModelSpec.llamaCpp("agg", file).withContextSize(2048).withParallelSlots(1).withThreads(1);
    long footprint =
        Footprint.of(GgufInspector.inspect(file), spec.contextSize(), spec.parallelSlots()).total();
    pool =
        ModelPool.create(
            new ModelPool.Config(
                footprint * 2,
                Duration.ofSeconds(30),
                100,
                Duration.ofSeconds(120),
                1,
                Duration.ofMillis(100),
                List.of(models)),
            Map.of(BackendKind.LLAMA_CPP, ModelBackends.llamaCpp(LocalEngineOptions.defaults())),
            InstantSource.system(),
            new SimpleMeterRegistry());
    pool.register(spec);
  }

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void llmSynthesis_compactPromptOnRandomModel_fallsBackToMajorityAndSaysSo() {
    AggregationStrategy strategy =
        AggregationStrategy.llmSynthesis(
            pool, "agg", AggregationPrompt.compact(), STRICT, SynthesisSettings.greedy(8));
    FinalAnswer answer = strategy.aggregate(QUESTION, EXPERTS).block(Duration.ofMinutes(2));
    assertThat(answer).isNotNull();
    assertThat(answer.aggregatorModelId()).isEqualTo("agg");
    assertThat(answer.method()).isEqualTo(Method.MAJORITY_VOTE);
    assertThat(answer.fallback()).isEqualTo(Fallback.UNREADABLE_AGGREGATOR_OUTPUT);
    assertThat(answer.extracted()).isEqualTo("B");
    assertThat(answer.text()).isEqualTo("(B) 2. The answer is (B)");
    assertThat(answer.votes()).extracting(FinalAnswer.Tally::answer).containsExactly("B", "A");
    assertThat(pool.loads()).isEqualTo(1);
  }

  @Test
  void llmSynthesis_detailedPromptWithSampling_realCallReturnsAFinalAnswer() {
    AggregationStrategy strategy =
        AggregationStrategy.llmSynthesis(
            pool, "agg", AggregationPrompt.detailed(), STRICT, new SynthesisSettings(8, 0.7, 42));
    FinalAnswer answer = strategy.aggregate(QUESTION, EXPERTS).block(Duration.ofMinutes(2));
    assertThat(answer).isNotNull();
    assertThat(answer.aggregatorModelId()).isEqualTo("agg");
    assertThat(answer.fallback()).isEqualTo(Fallback.UNREADABLE_AGGREGATOR_OUTPUT);
    assertThat(answer.extracted()).isEqualTo("B");
  }
}
