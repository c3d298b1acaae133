package io.symposium.pool.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.pool.ChatPrompt.Message;
import io.symposium.pool.gguf.ChatTemplateSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Renders the published templates of four families through Jinjava and compares with their
 * documented formats (ChatML as Qwen3 writes it, Llama 3, Gemma 3, Mistral Instruct).
 */
final class ChatTemplateTest {

  private static final List<Message> MULTI_TURN =
      List.of(
          new Message("system", "You are brief."),
          new Message("user", "What is 2+2?"),
          new Message("assistant", "4"),
          new Message("user", "And 3+3?"));

  private static ChatTemplate template(ChatTemplateSource family, String bos, String eos) {
    return new ChatTemplate(family.source(), bos, eos, false, List.of());
  }

  @Test
  void qwen3_chatMl_systemAndMultiTurn_withGenerationPrompt() {
    ChatTemplate qwen = template(ChatTemplateSource.QWEN3, "", "<|im_end|>");
    assertThat(qwen.render(MULTI_TURN, true))
        .isEqualTo(
            "<|im_start|>system\nYou are brief.<|im_end|>\n"
                + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                + "<|im_start|>assistant\n4<|im_end|>\n"
                + "<|im_start|>user\nAnd 3+3?<|im_end|>\n"
                + "<|im_start|>assistant\n");
    assertThat(qwen.render(MULTI_TURN, false))
        .isEqualTo(
            "<|im_start|>system\nYou are brief.<|im_end|>\n"
                + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                + "<|im_start|>assistant\n4<|im_end|>\n"
                + "<|im_start|>user\nAnd 3+3?<|im_end|>\n");
  }

  @Test
  void qwen3_dropsEarlierReasoning_andWritesAnEmptyThinkBlockForTheLastAnswer() {
    ChatTemplate qwen = template(ChatTemplateSource.QWEN3, "", "<|im_end|>");
    List<Message> reasoned =
        List.of(
            new Message("user", "What is 2+2?"),
            new Message("assistant", "<think>\nAdd them.\n</think>\n\n4"),
            new Message("user", "Thanks"),
            new Message("assistant", "You are welcome."));
    assertThat(qwen.render(reasoned, false))
        .isEqualTo(
            "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                + "<|im_start|>assistant\n4<|im_end|>\n"
                + "<|im_start|>user\nThanks<|im_end|>\n"
                + "<|im_start|>assistant\n<think>\n\n</think>\n\nYou are welcome.<|im_end|>\n");
  }

  @Test
  void llama3_headersAndEotIds_bosRenderedOnce() {
    ChatTemplate llama = template(ChatTemplateSource.LLAMA3, "<|begin_of_text|>", "<|eot_id|>");
    assertThat(llama.render(MULTI_TURN, true))
        .isEqualTo(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "You are brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"
                + "What is 2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
                + "4<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"
                + "And 3+3?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
    // where llama.cpp adds the BOS token itself, the text leaves the template's out
    ChatTemplate addsBos =
        new ChatTemplate(
            ChatTemplateSource.LLAMA3.source(), "<|begin_of_text|>", "<|eot_id|>", true, List.of());
    assertThat(addsBos.render(List.of(new Message("user", " Hi ")), true))
        .isEqualTo(
            "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test
  void gemma3_foldsTheSystemMessageIntoTheFirstUserTurn_andCallsTheAssistantModel() {
    ChatTemplate gemma = template(ChatTemplateSource.GEMMA3, "<bos>", "<eos>");
    assertThat(gemma.render(MULTI_TURN, true))
        .isEqualTo(
            "<bos><start_of_turn>user\nYou are brief.\n\nWhat is 2+2?<end_of_turn>\n"
                + "<start_of_turn>model\n4<end_of_turn>\n"
                + "<start_of_turn>user\nAnd 3+3?<end_of_turn>\n"
                + "<start_of_turn>model\n");
    assertThat(gemma.render(List.of(new Message("user", "Hi")), false))
        .isEqualTo("<bos><start_of_turn>user\nHi<end_of_turn>\n");
  }

  @Test
  void mistral_instTags_assistantTurnsEndWithEos() {
    ChatTemplate mistral = template(ChatTemplateSource.MISTRAL, "<s>", "</s>");
    List<Message> turns =
        List.of(
            new Message("user", "What is 2+2?"),
            new Message("assistant", "4"),
            new Message("user", "And 3+3?"));
    assertThat(mistral.render(turns, true))
        .isEqualTo("<s>[INST] What is 2+2? [/INST]4</s>[INST] And 3+3? [/INST]");
  }

  @Test
  void aTemplateThatRefusesTheConversation_saysWhy() {
    ChatTemplate mistral = template(ChatTemplateSource.MISTRAL, "<s>", "</s>");
    assertThatThrownBy(() -> mistral.render(MULTI_TURN, true))
        .isInstanceOf(ChatTemplateException.class)
        .hasMessageContaining("Conversation roles must alternate");
    ChatTemplate gemma = template(ChatTemplateSource.GEMMA3, "<bos>", "<eos>");
    assertThatThrownBy(
            () -> gemma.render(List.of(new Message("user", "a"), new Message("user", "b")), true))
        .isInstanceOf(ChatTemplateException.class)
        .hasMessageContaining("Conversation roles must alternate");
  }

  @Test
  void aBrokenTemplate_givesAClearError() {
    ChatTemplate broken =
        new ChatTemplate(
            "{% for message in messages %}{{ message.content", "", "", false, List.of());
    assertThatThrownBy(() -> broken.render(List.of(new Message("user", "Hi")), true))
        .isInstanceOf(ChatTemplateException.class)
        .hasMessageStartingWith("the chat template failed");
  }
}
