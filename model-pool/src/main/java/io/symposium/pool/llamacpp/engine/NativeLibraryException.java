package io.symposium.pool.llamacpp.engine;

/**
 * The native llama.cpp library is missing, cannot be opened, or does not have the struct layouts
 * this binding expects.
 */
public final class NativeLibraryException extends EngineException {

  NativeLibraryException(String message) {
    super(message);
  }

  NativeLibraryException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
