package io.symposium.pool.worker;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The plain-text chat format the workers use for {@code /v1/chat/completions}: one line group per turn,
 * {@code System:}, {@code Question:} (user) and {@code Answer:} (assistant), ending with an open
 * {@code Answer:}. It is the format the expert zoo was trained on, so a chat request to a zoo expert
 * reads exactly like its training data.
 */
final class ChatPrompt {

  /** Where a generated answer ends: the template would start the next turn here. */
  static final List<String> TURN_STOPS = List.of("\nQuestion:", "\nSystem:");

  private static final Set<String> ROLES = Set.of("system", "user", "assistant", "developer");

  private ChatPrompt() {}

  /** A chat message. */
  record Message(String role, String content) {}

  static String render(List<Message> messages) {
    StringBuilder prompt = new StringBuilder();
    for (Message m : messages) {
      String role = m.role().toLowerCase(Locale.ROOT);
      if (!ROLES.contains(role)) {
        throw new IllegalArgumentException("unknown message role '" + m.role() + "'; use system, user or assistant");
      }
      switch (role) {
        case "system", "developer" -> prompt.append("System: ").append(m.content()).append('\n');
        case "user" -> prompt.append("Question: ").append(m.content()).append('\n');
        default -> prompt.append("Answer: ").append(m.content()).append('\n');
      }
    }
    return prompt.append("Answer:").toString();
  }
}
