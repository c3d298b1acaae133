package io.symposium.pool;

import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.template.ChatTemplate;
import io.symposium.pool.template.ChatTemplateException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Renders chat-shaped requests with the chat template of the model they go to.
 *
 * <p>It runs in the service, in the pool, before a request is queued for any backend: the service
 * already reads each GGUF file at registration (for its footprint), so a broken template is refused
 * there and a conversation the template refuses fails at once, as a clear error to the caller,
 * without a worker round trip; the worker stays an engine that completes prompts. The same request
 * goes to every backend: a local model's rendered prompt to its worker, a remote model's messages
 * to its server, which holds the template.
 */
final class ChatRendering {

  private final Map<String, ChatTemplate> templates = new ConcurrentHashMap<>();

  /**
   * The template of a model's file, if it has one, checked to render a one-question chat.
   *
   * @throws ModelRejectedException when the template fails on it
   */
  static Optional<ChatTemplate> checked(String modelId, GgufFile gguf) {
    Optional<ChatTemplate> template = ChatTemplate.of(gguf);
    if (template.isPresent()) {
      try {
        template.get().render(List.of(new ChatPrompt.Message("user", "Hello")), true);
      } catch (ChatTemplateException e) {
        throw new ModelRejectedException(
            "model '%s': its chat template (tokenizer.chat_template) cannot be used: %s"
                .formatted(modelId, e.getMessage()),
            e);
      }
    }
    return template;
  }

  /** Renders {@code modelId}'s chats with {@code template} from now on. */
  void put(String modelId, ChatTemplate template) {
    templates.put(modelId, template);
  }

  void forget(String modelId) {
    templates.remove(modelId);
  }

  /** The model's template, empty for a model without one (or a remote model). */
  Optional<ChatTemplate> template(String modelId) {
    return Optional.ofNullable(templates.get(modelId));
  }

  /**
   * {@code request} as its model reads it: a chat rendered by the model's template, with the
   * template's end-of-turn tokens as stops; unchanged for a plain completion or a model without a
   * template.
   *
   * @throws ModelRejectedException when the template refuses the conversation (e.g. a system
   *     message to a template without that role)
   */
  CompletionRequest apply(String modelId, CompletionRequest request) {
    List<ChatPrompt.Message> messages = request.messages();
    ChatTemplate template = templates.get(modelId);
    if (messages == null || template == null) {
      return request;
    }
    String prompt;
    try {
      prompt = template.render(messages, true);
    } catch (ChatTemplateException e) {
      throw new ModelRejectedException("model '" + modelId + "': " + e.getMessage(), e);
    }
    if (prompt.isEmpty()) {
      throw new ModelRejectedException(
          "model '" + modelId + "': its chat template rendered this conversation as nothing");
    }
    List<String> stops =
        Stream.concat(request.stop().stream(), template.stops().stream()).distinct().toList();
    return request.withPrompt(prompt).withStop(stops).withMessages(null);
  }
}
