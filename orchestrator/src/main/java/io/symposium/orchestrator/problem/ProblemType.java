package io.symposium.orchestrator.problem;

import java.net.URI;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Every kind of error the API reports, each with a stable {@code type} URI, a title and a status.
 */
public enum ProblemType {
  MALFORMED_REQUEST("malformed-request", "Malformed request", HttpStatus.BAD_REQUEST),
  INVALID_REQUEST("invalid-request", "Invalid request", HttpStatus.BAD_REQUEST),
  UNAUTHORIZED("unauthorized", "Unauthorized", HttpStatus.UNAUTHORIZED),
  FORBIDDEN("forbidden", "Forbidden", HttpStatus.FORBIDDEN),
  NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
  UNKNOWN_MODEL("unknown-model", "Unknown model", HttpStatus.NOT_FOUND),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
  NOT_ACCEPTABLE("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE),
  CONFLICT("conflict", "Conflict", HttpStatus.CONFLICT),
  // the service cannot start an eval until the evals module is built: not a state a retry changes
  EVALS_NOT_INSTALLED("evals-not-installed", "Evals not installed", HttpStatus.CONFLICT),
  MODEL_REJECTED("model-rejected", "Model rejected", HttpStatus.UNPROCESSABLE_CONTENT),
  CONTEXT_LENGTH_EXCEEDED(
      "context-length-exceeded", "Context length exceeded", HttpStatus.BAD_REQUEST),
  QUEUE_FULL("queue-full", "Queue full", HttpStatus.TOO_MANY_REQUESTS),
  CONCURRENCY_LIMIT(
      "concurrency-limit", "Too many concurrent requests", HttpStatus.TOO_MANY_REQUESTS),
  PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", HttpStatus.CONTENT_TOO_LARGE),
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
  NOT_IMPLEMENTED("not-implemented", "Not implemented yet", HttpStatus.NOT_IMPLEMENTED),
  SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  DATABASE_UNAVAILABLE(
      "database-unavailable", "Database unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  BACKEND_UNAVAILABLE(
      "backend-unavailable", "Model backend unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  INTERNAL_ERROR("internal-error", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

  private final URI type;
  private final String title;
  private final HttpStatus status;

  ProblemType(String slug, String title, HttpStatus status) {
    this.type = URI.create("/problems/" + slug);
    this.title = title;
    this.status = status;
  }

  public URI type() {
    return type;
  }

  public String title() {
    return title;
  }

  public HttpStatus status() {
    return status;
  }

  /**
   * The type for an error that carries only a status (framework errors): client errors keep their
   * meaning.
   */
  public static ProblemType forStatus(HttpStatusCode status) {
    return Arrays.stream(values())
        .filter(
            t ->
                t.status.value() == status.value()
                    && t != INVALID_REQUEST
                    && t != CONTEXT_LENGTH_EXCEEDED
                    && t != UNKNOWN_MODEL
                    && t != BACKEND_UNAVAILABLE
                    && t != DATABASE_UNAVAILABLE)
        .findFirst()
        .orElse(status.is4xxClientError() ? INVALID_REQUEST : INTERNAL_ERROR);
  }
}
