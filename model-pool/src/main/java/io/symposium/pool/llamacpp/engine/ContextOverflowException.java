package io.symposium.pool.llamacpp.engine;

/**
 * The prompt, or the prompt plus the asked-for max tokens, does not fit the model's context per
 * sequence: the same request can never succeed on this model as loaded.
 */
public final class ContextOverflowException extends EngineException {

  ContextOverflowException(String message) {
    super(message);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
