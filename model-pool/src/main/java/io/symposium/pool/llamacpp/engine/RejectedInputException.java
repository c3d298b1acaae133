package io.symposium.pool.llamacpp.engine;

/** A request or setting that was rejected in Java before it could reach native code. */
public final class RejectedInputException extends EngineException {

  RejectedInputException(String message) {
    super(message);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
