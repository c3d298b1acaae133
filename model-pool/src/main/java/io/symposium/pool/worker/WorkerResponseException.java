package io.symposium.pool.worker;

/**
 * A worker answered with an error status: the request itself was wrong (4xx) or the engine failed
 * (5xx).
 */
public final class WorkerResponseException extends RuntimeException {
  private final int status;

  public WorkerResponseException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /**
   * 503 means "try again later" (a model being unloaded, a full queue); anything else will fail
   * again.
   */
  public boolean retriable() {
    return status == 503;
  }
}
