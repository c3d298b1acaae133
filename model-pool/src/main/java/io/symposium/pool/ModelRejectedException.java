package io.symposium.pool;

/**
 * A model or a request for it cannot be served as given: a file outside the model directories, a
 * corrupt GGUF, a model larger than the whole memory budget, a prompt longer than its context.
 */
public final class ModelRejectedException extends PoolException {
  public ModelRejectedException(String message) {
    super(message);
  }

  public ModelRejectedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
