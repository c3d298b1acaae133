package io.symposium.pool;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The plain-text chat format the pool uses for chat requests (the workers' {@code
 * /v1/chat/completions}, the service's OpenAI facade): one line group per turn, {@code System:},
 * {@code Question:} (user) and {@code Answer:} (assistant), ending with an open {@code Answer:}. It
 * is the format the expert zoo was trained on, so a chat request to a zoo expert reads exactly like
 * its training data. A model whose GGUF file carries a chat template is prompted with that instead
 * ({@link CompletionRequest#messages()}).
 */
public final class ChatPrompt {

  /** Where a generated answer ends: the template would start the next turn here. */
  public static final List<String> TURN_STOPS = List.of("\nQuestion:", "\nSystem:");

  private static final Set<String> ROLES = Set.of("system", "user", "assistant", "developer");

  private ChatPrompt() {}

  /** A chat message. */
  public record Message(String role, String content) {}

  /**
   * The caller's stop strings plus the turn markers: a chat answer ends where the next turn would
   * start.
   */
  public static List<String> withTurnStops(List<String> stops) {
    return java.util.stream.Stream.concat(stops.stream(), TURN_STOPS.stream()).distinct().toList();
  }

  /** Fails for a role other than system, developer, user and assistant. */
  public static void checkRoles(List<Message> messages) {
    for (Message m : messages) {
      if (!ROLES.contains(m.role().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "unknown message role '" + m.role() + "'; use system, user or assistant");
      }
    }
  }

  /**
   * The prompt for these messages, ending with an open {@code Answer:} for the model to complete.
   */
  public static String render(List<Message> messages) {
    return transcript(messages) + "Answer:";
  }

  /**
   * The messages as turns in this format, each ending with a line break, without the open {@code
   * Answer:}: the conversation so far, to put before a prompt that asks the next question.
   */
  public static String transcript(List<Message> messages) {
    checkRoles(messages);
    StringBuilder prompt = new StringBuilder();
    for (Message m : messages) {
      switch (m.role().toLowerCase(Locale.ROOT)) {
        case "system", "developer" -> prompt.append("System: ").append(m.content()).append('\n');
        case "user" -> prompt.append("Question: ").append(m.content()).append('\n');
        default -> prompt.append("Answer: ").append(m.content()).append('\n');
      }
    }
    return prompt.toString();
  }
}
