package io.symposium.pool;

import java.util.Objects;

/**
 * The pool's failures: each says what went wrong and what to do, and whether trying again later can
 * succeed ({@link #retriable()}).
 */
public abstract sealed class PoolException extends RuntimeException
    permits UnknownModelException,
        ModelRejectedException,
        ContextLengthExceededException,
        BackendUnavailableException,
        QueueFullException {

  PoolException(String message) {
    super(message);
  }

  PoolException(String message, Throwable cause) {
    super(message, cause);
  }

  public abstract boolean retriable();

  /** The message every constructor requires: never null. */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }
}
