package io.symposium.orchestrator.openaicompat;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemDialect;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.orchestrator.problem.Problems;
import io.symposium.pool.ContextLengthExceededException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The facade's errors in OpenAI's shape: every problem on the facade's paths, framework errors
 * included, carries OpenAI's {@code error} object ({@code message}, {@code type}, {@code param},
 * {@code code}), which is all the official SDKs read (they ignore the RFC 9457 members beside it),
 * and the {@code x-should-retry} header they obey before their own status rules.
 */
@Component
public final class OpenAiErrors implements ProblemDialect {

  /** The facade's paths, and OpenAI's that it does not offer: their 404s read as OpenAI's too. */
  private static final List<String> PATHS =
      List.of(
          "/v1/chat",
          "/v1/completions",
          "/v1/models",
          "/v1/embeddings",
          "/v1/responses",
          "/v1/files",
          "/v1/batches");

  /** The OpenAI SDKs' retry override: "true" or "false" beats their status rules. */
  static final String SHOULD_RETRY = "x-should-retry";

  @Override
  public boolean covers(ServerHttpRequest request) {
    String path = request.getPath().pathWithinApplication().value();
    return PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
  }

  @Override
  public void adapt(ProblemDetail problem, HttpHeaders headers) {
    problem.setProperty("error", errorObject(problem));
    @Nullable String retry = shouldRetry(problem);
    if (retry != null) {
      headers.set(SHOULD_RETRY, retry);
    }
  }

  /**
   * Whether a retry can pass: never for a client error but a timeout or a full queue (a 409 here is
   * a missing profile set, which a retry within seconds cannot create), always for an unavailable
   * backend the problem calls retriable; else the SDK's own rules.
   */
  static @Nullable String shouldRetry(ProblemDetail problem) {
    int status = problem.getStatus();
    Map<String, Object> properties = properties(problem);
    if (Boolean.FALSE.equals(properties.get("retriable"))) {
      return "false";
    }
    if (status == 408 || status == 429 || status == 503) {
      return "true";
    }
    return status >= 400 && status < 500 ? "false" : null;
  }

  /**
   * OpenAI's error object for {@code problem}, built from its members; one a controller already set
   * keeps its values, completed with the keys the SDKs expect.
   */
  static Map<String, @Nullable Object> errorObject(ProblemDetail problem) {
    Map<String, Object> properties = properties(problem);
    Map<String, @Nullable Object> error = new LinkedHashMap<>();
    error.put("message", problem.getDetail() != null ? problem.getDetail() : problem.getTitle());
    error.put("type", type(problem.getStatus()));
    error.put("param", param(problem, properties));
    error.put("code", code(problem));
    if (properties.get("error") instanceof Map<?, ?> given) {
      given.forEach((k, v) -> error.put(String.valueOf(k), v));
    }
    return error;
  }

  private static Map<String, Object> properties(ProblemDetail problem) {
    Map<String, Object> properties = problem.getProperties();
    return properties == null ? Map.of() : properties;
  }

  /** OpenAI's error types, by status as its SDKs map them to exceptions. */
  private static String type(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 429 -> "requests";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  private static @Nullable String param(ProblemDetail problem, Map<String, Object> properties) {
    if (properties.get("errors") instanceof List<?> errors
        && !errors.isEmpty()
        && errors.getFirst() instanceof Map<?, ?> first
        && first.get("field") instanceof String field) {
      return field;
    }
    if (ProblemType.UNKNOWN_MODEL.type().equals(problem.getType())) {
      return "model";
    }
    return null;
  }

  /** A stable code: OpenAI's own where one exists, else the problem type's name. */
  private static @Nullable String code(ProblemDetail problem) {
    URI type = problem.getType();
    if (ProblemType.UNKNOWN_MODEL.type().equals(type)) {
      return "model_not_found";
    }
    if (ProblemType.QUEUE_FULL.type().equals(type)
        || ProblemType.CONCURRENCY_LIMIT.type().equals(type)) {
      return "rate_limit_exceeded";
    }
    String path = type == null ? "" : type.getPath();
    return path != null && path.startsWith("/problems/")
        ? path.substring("/problems/".length()).replace('-', '_')
        : null;
  }

  /**
   * {@code error} as the facade reports it, with OpenAI's error object already in place, so the
   * query log keeps the body the client gets.
   */
  static ApiProblemException of(Throwable error) {
    return of(error, "messages");
  }

  /**
   * {@link #of(Throwable)} for an endpoint whose input is {@code input} ({@code messages}, or
   * {@code prompt} for completions): the member a too-long request names.
   */
  static ApiProblemException of(Throwable error, String input) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ContextLengthExceededException tooLong) {
      return contextLength(tooLong, input);
    }
    ApiProblemException problem = Problems.from(cause);
    return problem.with("error", errorObject(Problems.of(problem)));
  }

  /**
   * A prompt that fits no model's context, as OpenAI reports it: a 400 no retry can fix.
   *
   * @param param the request member at fault: {@code messages}, or {@code prompt} for completions
   */
  static ApiProblemException contextLength(ContextLengthExceededException e, String param) {
    String message =
        e.getMessage()
            + "; shorten the "
            + param
            + " or lower max_tokens (leave it out and the answer may use what the context"
            + " leaves).";
    Map<String, Object> error =
        Map.of(
            "message",
            message,
            "type",
            "invalid_request_error",
            "param",
            param,
            "code",
            "context_length_exceeded");
    return new ApiProblemException(
        ProblemType.CONTEXT_LENGTH_EXCEEDED, message, Map.of("retriable", false, "error", error));
  }

  /** The error event of a stream that already started, in OpenAI's shape. */
  static Map<String, Object> event(Throwable error) {
    return Map.of("error", errorObject(Problems.of(of(error))));
  }
}
