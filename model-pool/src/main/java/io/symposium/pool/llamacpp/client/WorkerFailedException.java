package io.symposium.pool.llamacpp.client;

/**
 * A request to a worker that did not get an answer because the worker process died, hung or is
 * being restarted. Always retriable: the supervisor brings a fresh worker up with the same models.
 */
public final class WorkerFailedException extends RuntimeException {
  public WorkerFailedException(String message) {
    super(message);
  }

  public WorkerFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  public boolean retriable() {
    return true;
  }
}
