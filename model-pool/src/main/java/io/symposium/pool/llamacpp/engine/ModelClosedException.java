package io.symposium.pool.llamacpp.engine;

/** A call reached a model or engine that was already closed (unloaded); load it again first. */
public final class ModelClosedException extends EngineException {

  ModelClosedException(String message) {
    super(message);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
