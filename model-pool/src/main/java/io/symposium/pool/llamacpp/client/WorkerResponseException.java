package io.symposium.pool.llamacpp.client;

import io.symposium.pool.llamacpp.protocol.WorkerProtocol;

/**
 * A worker answered with an error status: the request itself was wrong (4xx) or the engine failed
 * (5xx).
 */
public final class WorkerResponseException extends RuntimeException {
  private final int status;
  private final String code;

  public WorkerResponseException(int status, String message) {
    this(status, "", message);
  }

  /**
   * @param code the error's {@code code} field, such as {@link
   *     WorkerProtocol#CONTEXT_LENGTH_EXCEEDED}; empty when the worker gave none
   */
  public WorkerResponseException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public String code() {
    return code;
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
