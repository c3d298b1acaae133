package io.symposium.pool.llamacpp.engine;

/**
 * llama.cpp could not load a model or create its context; the message carries llama.cpp's last log
 * lines.
 */
public final class ModelLoadException extends EngineException {

  ModelLoadException(String message) {
    super(message);
  }

  ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
