package io.symposium.orchestrator.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.aggregate.AggregationPrompt;
import io.symposium.pool.BackendKind;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.profile.KeywordExtractor;
import io.symposium.profile.ProfilingPrompts;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromptStylesTest {

  ModelPool pool;
  PromptStyles styles;

  @BeforeEach
  void pool() {
    pool =
        ModelPool.create(
            new ModelPool.Config(
                1 << 20,
                Duration.ofSeconds(1),
                10,
                Duration.ofSeconds(1),
                0,
                Duration.ofMillis(10),
                List.of()),
            Map.of(BackendKind.OPENAI, ModelBackends.openAi(Duration.ofSeconds(1))),
            InstantSource.system(),
            new SimpleMeterRegistry());
    URI server = URI.create("http://127.0.0.1:9");
    pool.register(
        ModelSpec.remote("zoo-expert", BackendKind.OPENAI, server, "e")
            .withTags(Set.of(ZooModels.TAG, "role:expert")));
    pool.register(ModelSpec.remote("other", BackendKind.OPENAI, server, "o"));
    styles = new PromptStyles(pool);
  }

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void zooModel_getsTheCompactPromptsAndShortKeywordAnswers() {
    assertThat(styles.isZoo("zoo-expert")).isTrue();
    assertThat(styles.expert("zoo-expert")).isSameAs(ProfilingPrompts.compact());
    assertThat(styles.aggregation("zoo-expert")).isSameAs(AggregationPrompt.compact());
    assertThat(styles.keywordSettings("zoo-expert", 3).maxTokens()).isEqualTo(24);
    assertThat(styles.keywordSettings("zoo-expert", 3).samples()).isEqualTo(3);
  }

  @Test
  void otherAndUnknownModels_getTheDetailedPromptsAndDefaultKeywordSettings() {
    for (String model : List.of("other", "not-registered")) {
      assertThat(styles.isZoo(model)).as(model).isFalse();
      assertThat(styles.expert(model)).as(model).isSameAs(ProfilingPrompts.detailed());
      assertThat(styles.aggregation(model)).as(model).isSameAs(AggregationPrompt.detailed());
      assertThat(styles.keywordSettings(model, 5))
          .as(model)
          .isEqualTo(
              new KeywordExtractor.Settings(
                  5,
                  KeywordExtractor.Settings.defaults().temperature(),
                  KeywordExtractor.Settings.defaults().baseSeed(),
                  KeywordExtractor.Settings.defaults().maxTokens(),
                  KeywordExtractor.Settings.defaults().maxKeywordLength(),
                  KeywordExtractor.Settings.defaults().minOccurrences(),
                  KeywordExtractor.Settings.defaults().cacheSize()));
    }
  }

  @Test
  void zooSpecs_carryTheTagPromptStylesLooksFor() {
    ZooModels.Entry entry =
        new ZooModels.Entry(
            "expert-logic", ZooModels.Role.EXPERT, java.nio.file.Path.of("x.gguf"), 256);
    assertThat(ZooModels.spec(entry).tags()).contains(ZooModels.TAG, "role:expert");
  }
}
