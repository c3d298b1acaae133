package io.symposium.pool.llamacpp.engine;

import java.util.Objects;

/**
 * The unchecked failures of the llama.cpp engine: every native failure is caught at the native
 * boundary and rethrown as one of these, with a message that says what was wrong and what to do.
 */
public abstract sealed class EngineException extends RuntimeException
    permits RejectedInputException,
        ContextOverflowException,
        ModelLoadException,
        NativeLibraryException,
        DecodeException,
        ModelClosedException {

  EngineException(String message) {
    super(message);
  }

  EngineException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether the same call may succeed if it is tried again later (for example after other work
   * drained).
   */
  public abstract boolean retriable();

  /** The message every constructor requires: never null. */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }
}
