package io.symposium.pool.template;

/**
 * A chat template that cannot be parsed, or that refused a conversation (its {@code
 * raise_exception}, e.g. "Conversation roles must alternate"). The message says which.
 */
public final class ChatTemplateException extends RuntimeException {

  public ChatTemplateException(String message) {
    super(message);
  }
}
