package io.symposium.pool.gguf;

/** Thrown when a file is not a well-formed GGUF file; the message says what was wrong and where. */
public final class GgufFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GgufFormatException(String message) {
    super(message);
  }

  public GgufFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
