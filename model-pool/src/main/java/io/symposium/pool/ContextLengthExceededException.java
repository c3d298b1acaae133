package io.symposium.pool;

/**
 * A prompt, or a prompt plus the asked-for max tokens, does not fit the model's context: the same
 * request can never succeed on that model, so it is not retriable.
 */
public final class ContextLengthExceededException extends PoolException {
  public ContextLengthExceededException(String message) {
    super(message);
  }

  public ContextLengthExceededException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
