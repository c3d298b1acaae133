package io.symposium.pool.template;

import io.symposium.pool.ChatPrompt;
import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.gguf.GgufValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A model's chat template as its GGUF file gives it ({@code tokenizer.chat_template}), with the
 * special tokens it renders and the texts that end a turn.
 *
 * @param source the Jinja template
 * @param bosToken the text of the BOS token, {@code bos_token} in the template
 * @param eosToken the text of the EOS token, {@code eos_token} in the template
 * @param addsBos whether llama.cpp puts a BOS token before the prompt itself; the rendered text
 *     then starts without the template's own {@code bos_token}, or the model would see two
 * @param stops texts of the end-of-turn tokens the vocabulary holds (e.g. {@code <|im_end|>}): a
 *     generated turn ends there. llama.cpp ends on them itself (they are end-of-generation tokens);
 *     as stop strings they also end a turn on a server that prints them
 */
public record ChatTemplate(
    String source, String bosToken, String eosToken, boolean addsBos, List<String> stops) {

  private static final JinjaRenderer RENDERER = new JinjaRenderer();

  /** The end-of-turn token texts llama.cpp recognises by their text (llama-vocab.cpp). */
  private static final Set<String> END_OF_TURN =
      Set.of(
          "<|im_end|>",
          "<|eot_id|>",
          "<|eom_id|>",
          "<end_of_turn>",
          "<|end|>",
          "<|endoftext|>",
          "<|end_of_text|>",
          "<eos>",
          "</s>");

  /** Pre-tokenizers for which llama.cpp adds a BOS by default in a BPE ("gpt2") vocabulary. */
  private static final Set<String> BPE_WITH_BOS =
      Set.of("llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral");

  public ChatTemplate {
    stops = List.copyOf(stops);
  }

  /**
   * The template of a model file, or empty when it carries none: such a model (the zoo's experts)
   * is prompted in the plain format it was trained on ({@link ChatPrompt}).
   */
  public static Optional<ChatTemplate> of(GgufFile gguf) {
    Optional<String> source = gguf.getString("tokenizer.chat_template");
    if (source.isEmpty() || source.get().isBlank()) {
      return Optional.empty();
    }
    List<String> tokens = tokenTexts(gguf);
    String bos = tokenText(tokens, gguf.getLong("tokenizer.ggml.bos_token_id"));
    String eos = tokenText(tokens, gguf.getLong("tokenizer.ggml.eos_token_id"));
    Set<String> stops = new LinkedHashSet<>();
    String eot = tokenText(tokens, gguf.getLong("tokenizer.ggml.eot_token_id"));
    if (!eot.isEmpty()) {
      stops.add(eot);
    }
    tokens.stream().filter(END_OF_TURN::contains).forEach(stops::add);
    if (!eos.isEmpty()) {
      stops.add(eos);
    }
    return Optional.of(
        new ChatTemplate(source.get(), bos, eos, addsBos(gguf), new ArrayList<>(stops)));
  }

  /**
   * The conversation as this template renders it, ending with the opening of the assistant's turn
   * when {@code addGenerationPrompt}.
   *
   * @throws ChatTemplateException when the template fails or refuses the conversation
   */
  public String render(List<ChatPrompt.Message> messages, boolean addGenerationPrompt) {
    List<Map<String, Object>> turns = new ArrayList<>();
    for (ChatPrompt.Message m : messages) {
      Map<String, Object> turn = new LinkedHashMap<>();
      String role = m.role().toLowerCase(Locale.ROOT);
      turn.put("role", role.equals("developer") ? "system" : role);
      turn.put("content", m.content());
      turns.add(turn);
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("messages", turns);
    variables.put("add_generation_prompt", addGenerationPrompt);
    variables.put("bos_token", bosToken);
    variables.put("eos_token", eosToken);
    String text = RENDERER.render(source, variables);
    if (addsBos && !bosToken.isEmpty() && text.startsWith(bosToken)) {
      return text.substring(bosToken.length());
    }
    return text;
  }

  private static List<String> tokenTexts(GgufFile gguf) {
    if (gguf.get("tokenizer.ggml.tokens").orElse(null) instanceof GgufValue.ArrayValue array) {
      return array.elements().stream()
          .map(v -> v instanceof GgufValue.StringValue s ? s.value() : "")
          .toList();
    }
    return List.of();
  }

  private static String tokenText(List<String> tokens, OptionalLong id) {
    return id.isPresent() && id.getAsLong() >= 0 && id.getAsLong() < tokens.size()
        ? tokens.get((int) id.getAsLong())
        : "";
  }

  /** llama.cpp's rule (llama-vocab.cpp): the file's add_bos_token, else the tokenizer's default. */
  private static boolean addsBos(GgufFile gguf) {
    if (gguf.get("tokenizer.ggml.add_bos_token").orElse(null) instanceof GgufValue.BoolValue b) {
      return b.value();
    }
    String model = gguf.getString("tokenizer.ggml.model").orElse("llama");
    return switch (model) {
      case "llama", "bert" -> true;
      case "gpt2" -> BPE_WITH_BOS.contains(gguf.getString("tokenizer.ggml.pre").orElse(""));
      default -> false;
    };
  }
}
