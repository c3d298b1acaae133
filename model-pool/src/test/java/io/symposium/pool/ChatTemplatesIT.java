package io.symposium.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.pool.ChatPrompt.Message;
import io.symposium.pool.gguf.ChatTemplateSource;
import io.symposium.pool.gguf.GgufInspector;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import io.symposium.pool.template.ChatTemplate;
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
 * Fixtures of current architectures (qwen3, qwen3moe, llama with Llama 3's template) load in a real
 * llama.cpp v0.5.0 worker, chat through their own templates and generate; a zoo-style file without
 * a template keeps the plain format.
 */
final class ChatTemplatesIT {

  private static final List<Message> CHAT =
      List.of(
          new Message("system", "You are brief."),
          new Message("user", "What is 2+2?"),
          new Message("assistant", "4"),
          new Message("user", "And 3+3?"));

  @TempDir Path models;
  ModelPool pool;

  @BeforeEach
  void pool() {
    ModelShape dense = ModelShape.tinyDense();
    GgufModels.qwen3(dense).seed(11).writeTo(models.resolve("qwen3.gguf"));
    GgufModels.qwen3Moe(dense.withExperts(4, 2)).seed(12).writeTo(models.resolve("qwen3moe.gguf"));
    GgufModels.llama3(dense).seed(13).writeTo(models.resolve("llama3.gguf"));
    GgufModels.writeRandom(models.resolve("zoo.gguf"), dense, WeightType.F32, 14);
    pool =
        ModelPool.create(
            new ModelPool.Config(
                1L << 31,
                Duration.ofSeconds(60),
                100,
                Duration.ofSeconds(60),
                1,
                Duration.ofMillis(100),
                List.of(models)),
            Map.of(BackendKind.LLAMA_CPP, ModelBackends.llamaCpp(LocalEngineOptions.defaults())),
            InstantSource.system(),
            new SimpleMeterRegistry());
    for (String id : List.of("qwen3", "qwen3moe", "llama3", "zoo")) {
      pool.register(
          ModelSpec.llamaCpp(id, models.resolve(id + ".gguf"))
              .withContextSize(256)
              .withParallelSlots(2)
              .withThreads(1));
    }
  }

  @AfterEach
  void close() {
    pool.close();
  }

  private static CompletionRequest chat(int maxTokens) {
    return CompletionRequest.chat(CHAT, ChatPrompt.render(CHAT), maxTokens);
  }

  private String rendered(String id) {
    ChatTemplate template =
        ChatTemplate.of(GgufInspector.inspect(models.resolve(id + ".gguf"))).orElseThrow();
    return template.render(CHAT, true);
  }

  @Test
  void eachFamily_chatsThroughItsTemplate_andGenerates() {
    for (String id : List.of("qwen3", "qwen3moe", "llama3")) {
      Completion answer = pool.complete(id, chat(8)).join();
      String text = rendered(id);
      // the same tokens as the rendered text sent as a plain prompt: the worker got the template
      Completion asPlain = pool.complete(id, CompletionRequest.greedy(text, 8)).join();

      assertThat(answer.completionTokens()).as(id).isPositive();
      assertThat(answer.text()).as(id).isEqualTo(asPlain.text());
      assertThat(answer.promptTokens()).as(id).isEqualTo(asPlain.promptTokens());
      // each control token (<|im_start|>, <|eot_id|>, …) is one token, not its ~10 characters
      assertThat(answer.promptTokens()).as(id).isLessThan(text.length() / 2);
    }
    assertThat(rendered("qwen3")).startsWith("<|im_start|>system\nYou are brief.<|im_end|>\n");
    assertThat(rendered("llama3"))
        .startsWith("<|start_header_id|>system<|end_header_id|>\n\nYou are brief.<|eot_id|>");
  }

  @Test
  void zooFileWithoutATemplate_readsThePlainFormat() {
    Completion answer = pool.complete("zoo", chat(6)).join();
    Completion plain =
        pool.complete("zoo", CompletionRequest.greedy(ChatPrompt.render(CHAT), 6)).join();

    assertThat(answer.completionTokens()).isPositive();
    assertThat(answer.text()).isEqualTo(plain.text());
    assertThat(answer.promptTokens()).isEqualTo(plain.promptTokens());
  }

  @Test
  void qwen3Moe_answersThroughItsTemplateWithTwoActiveExpertCounts() {
    Completion one = pool.complete("qwen3moe", chat(12).withActiveExperts(1)).join();
    Completion three = pool.complete("qwen3moe", chat(12).withActiveExperts(3)).join();

    assertThat(one.completionTokens()).isPositive();
    assertThat(three.completionTokens()).isPositive();
    assertThat(one.promptTokens()).isEqualTo(three.promptTokens());
    assertThat(one.text()).isNotEqualTo(three.text());
    assertThat(pool.queues().instances().get("qwen3moe"))
        .extracting(PoolQueues.Instance::activeExperts, PoolQueues.Instance::answered)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1L), org.assertj.core.groups.Tuple.tuple(3, 1L));
  }

  @Test
  void aConversationTheTemplateRefuses_isAClearErrorBeforeAnyWorker() {
    GgufModels.llama3(ModelShape.tinyDense())
        .chatTemplate(ChatTemplateSource.MISTRAL.source())
        .seed(15)
        .writeTo(models.resolve("mistral.gguf"));
    pool.register(ModelSpec.llamaCpp("mistral", models.resolve("mistral.gguf")));

    assertThatThrownBy(() -> pool.complete("mistral", chat(4)))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("model 'mistral'")
        .hasMessageContaining("Conversation roles must alternate");
    assertThat(((PoolException) catchRejection()).retriable()).isFalse();
  }

  @Test
  void aBrokenTemplate_isRefusedAtRegistration() {
    GgufModels.qwen3(ModelShape.tinyDense())
        .chatTemplate("{% for message in messages %}{{ message.content }")
        .seed(16)
        .writeTo(models.resolve("broken.gguf"));

    assertThatThrownBy(
            () -> pool.register(ModelSpec.llamaCpp("broken", models.resolve("broken.gguf"))))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("model 'broken': its chat template (tokenizer.chat_template)");
    assertThat(pool.spec("broken")).isEmpty();
  }

  private Throwable catchRejection() {
    try {
      pool.complete("mistral", chat(4));
    } catch (ModelRejectedException e) {
      return e;
    }
    throw new AssertionError("not refused");
  }
}
