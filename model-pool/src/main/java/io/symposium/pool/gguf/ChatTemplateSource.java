package io.symposium.pool.gguf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Chat templates of real model families, as their GGUF files carry them in {@code
 * tokenizer.chat_template}, with the special tokens they render: for fixtures that chat like the
 * models people run. The templates are the families' published ones (resources beside this class).
 */
public enum ChatTemplateSource {
  /** Qwen3 (ChatML with {@code <think>} blocks); dense and MoE share it. */
  QWEN3(
      "qwen3.jinja", List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>")),
  /** Llama 3 Instruct. */
  LLAMA3(
      "llama3.jinja",
      List.of(
          "<|begin_of_text|>",
          "<|end_of_text|>",
          "<|start_header_id|>",
          "<|end_header_id|>",
          "<|eot_id|>")),
  /** Gemma 3 (a system message is folded into the first user turn). */
  GEMMA3("gemma3.jinja", List.of("<bos>", "<eos>", "<start_of_turn>", "<end_of_turn>")),
  /** Mistral 7B Instruct: user and assistant only, strictly alternating. */
  MISTRAL("mistral.jinja", List.of("<s>", "</s>", "[INST]", "[/INST]"));

  private final String resource;
  private final List<String> specialTokens;

  ChatTemplateSource(String resource, List<String> specialTokens) {
    this.resource = resource;
    this.specialTokens = specialTokens;
  }

  /** The Jinja source. */
  public String source() {
    try (InputStream in = ChatTemplateSource.class.getResourceAsStream("templates/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("template resource missing: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The control tokens the template writes, in the family's order: the first is BOS, the second EOS
   * (Qwen3: {@code <|endoftext|>} is both, its turns end with {@code <|im_end|>}).
   */
  public List<String> specialTokens() {
    return specialTokens;
  }
}
