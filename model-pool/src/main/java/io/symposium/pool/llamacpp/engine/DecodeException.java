package io.symposium.pool.llamacpp.engine;

/**
 * A {@code llama_decode} step failed; the sequences in it were ended and their cache cleared. A
 * full KV cache (code 1) is transient, any other code is not.
 */
public final class DecodeException extends EngineException {
  private final int code;

  DecodeException(String message, int code) {
    super(message);
    this.code = code;
  }

  /** llama_decode's return code. */
  public int code() {
    return code;
  }

  @Override
  public boolean retriable() {
    // 1: no KV slot for the batch; it clears up once other sequences finish
    return code == 1;
  }
}
