package io.symposium.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.pool.ChatPrompt.Message;
import io.symposium.pool.gguf.ChatTemplateSource;
import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.gguf.GgufInspector;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which requests the pool renders with a model's template, and what they become. */
final class ChatRenderingTest {

  @TempDir Path dir;

  private static final List<Message> CHAT =
      List.of(new Message("system", "Be brief."), new Message("user", "Hi"));

  private ChatRendering renderingFor(String id, GgufFile gguf) {
    ChatRendering chats = new ChatRendering();
    ChatRendering.checked(id, gguf).ifPresent(t -> chats.put(id, t));
    return chats;
  }

  private GgufFile qwen3() {
    return GgufInspector.inspect(
        GgufModels.qwen3(ModelShape.tinyDense()).seed(1).writeTo(dir.resolve("q.gguf")));
  }

  @Test
  void chatToATemplatedModel_becomesTheRenderedPromptWithItsTurnStops() {
    ChatRendering chats = renderingFor("q", qwen3());
    CompletionRequest request =
        CompletionRequest.chat(CHAT, ChatPrompt.render(CHAT), 8).withStop(List.of("\n\n"));

    CompletionRequest sent = chats.apply("q", request);

    assertThat(sent.prompt())
        .isEqualTo(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                + "<|im_start|>assistant\n");
    assertThat(sent.stop()).containsExactly("\n\n", "<|endoftext|>", "<|im_end|>");
    assertThat(sent.messages()).isNull();
    assertThat(sent.maxTokens()).isEqualTo(8);
  }

  @Test
  void pipelinePromptAsAUserTurn_isWrappedInTheTemplate() {
    ChatRendering chats = renderingFor("q", qwen3());

    CompletionRequest sent =
        chats.apply("q", CompletionRequest.greedy("Question: 2+2?\nAnswer:", 4).asUserTurn());

    assertThat(sent.prompt())
        .isEqualTo("<|im_start|>user\nQuestion: 2+2?\nAnswer:<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void modelWithoutATemplate_andPlainCompletions_areLeftAsTheyAre() {
    GgufFile zoo =
        GgufInspector.inspect(
            GgufModels.writeRandom(
                dir.resolve("z.gguf"), ModelShape.tinyDense(), WeightType.F32, 2));
    ChatRendering chats = renderingFor("z", zoo);
    CompletionRequest chat = CompletionRequest.chat(CHAT, ChatPrompt.render(CHAT), 8);
    assertThat(chats.apply("z", chat)).isSameAs(chat);
    assertThat(chats.apply("z", chat).prompt())
        .isEqualTo("System: Be brief.\nQuestion: Hi\nAnswer:");

    ChatRendering templated = renderingFor("q", qwen3());
    CompletionRequest plain = CompletionRequest.greedy("Once upon a time", 8);
    assertThat(templated.apply("q", plain)).isSameAs(plain);
  }

  @Test
  void conversationTheTemplateRefuses_isRejectedNotRetriable() {
    GgufFile mistral =
        GgufInspector.inspect(
            GgufModels.llama3(ModelShape.tinyDense())
                .chatTemplate(ChatTemplateSource.MISTRAL.source())
                .seed(3)
                .writeTo(dir.resolve("m.gguf")));
    ChatRendering chats = renderingFor("m", mistral);

    assertThatThrownBy(() -> chats.apply("m", CompletionRequest.chat(CHAT, "x", 4)))
        .isInstanceOfSatisfying(
            ModelRejectedException.class, e -> assertThat(e.retriable()).isFalse())
        .hasMessage(
            "model 'm': chat template raised: Conversation roles must alternate"
                + " user/assistant/user/assistant/...");
  }

  @Test
  void requestWithAnEmptyChatOrAnUnknownRole_isRefusedByTheRequest() {
    assertThatThrownBy(() -> CompletionRequest.chat(List.of(), "x", 4))
        .hasMessageContaining("at least one message");
    assertThatThrownBy(() -> CompletionRequest.chat(List.of(new Message("tool", "x")), "x", 4))
        .hasMessageContaining("unknown message role 'tool'");
  }
}
