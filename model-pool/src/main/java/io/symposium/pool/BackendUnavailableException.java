package io.symposium.pool;

/**
 * The engine behind a model did not answer: a remote server down or slow, a worker that crashed or
 * is restarting.
 */
public final class BackendUnavailableException extends PoolException {
  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public BackendUnavailableException(String message) {
    super(message);
  }

  @Override
  public boolean retriable() {
    return true;
  }
}
