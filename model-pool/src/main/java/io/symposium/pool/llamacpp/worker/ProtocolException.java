package io.symposium.pool.llamacpp.worker;

import java.util.Objects;

/**
 * A request the worker cannot accept as sent; becomes an HTTP 4xx with an OpenAI-style error body.
 */
final class ProtocolException extends RuntimeException {
  private final int status;
  private final String code;

  ProtocolException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static ProtocolException invalid(String message) {
    return new ProtocolException(400, "invalid_request_error", message);
  }

  static ProtocolException unknownModel(String model) {
    return new ProtocolException(
        404,
        "model_not_found",
        "no model '" + model + "' is loaded in this worker; load it with POST /models/load");
  }

  /** The message every constructor requires: never null. */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
