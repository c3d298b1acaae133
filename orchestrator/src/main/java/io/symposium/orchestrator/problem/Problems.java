package io.symposium.orchestrator.problem;

import io.symposium.pool.PoolException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Builds every problem body the service sends, so they read the same wherever an error starts: the
 * error handlers, the event streams and the query log all go through here.
 */
public final class Problems {

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /**
   * Any failure as the client sees it: our own problems as they are, the pool's translated, and
   * anything unexpected logged here with a reference the client can quote (never its message).
   */
  public static ApiProblemException from(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return switch (cause) {
      case ApiProblemException api -> api;
      case PoolException pool -> PoolProblems.toApiProblem(pool);
      case Throwable t when DatabaseProblems.unavailable(t) -> DatabaseProblems.toApiProblem(t);
      default -> {
        String reference = newReference();
        log.error("request failed, reference {}", reference, cause);
        yield new ApiProblemException(
            ProblemType.INTERNAL_ERROR, internalDetail(reference), Map.of("reference", reference));
      }
    };
  }

  /** The problem body of {@code error} as an ordered JSON object. */
  public static Map<String, Object> body(ApiProblemException error) {
    return asMap(of(error));
  }

  public static ProblemDetail of(ProblemType type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
    problem.setType(type.type());
    problem.setTitle(type.title());
    return problem;
  }

  public static ProblemDetail of(ApiProblemException e) {
    ProblemDetail problem = of(e.type(), e.getMessage());
    problem.setInstance(e.instance());
    e.properties().forEach(problem::setProperty);
    return problem;
  }

  /** A problem for a status the framework chose, keeping its detail but with our type and title. */
  static ProblemDetail retyped(ProblemDetail framework, HttpStatusCode status) {
    ProblemType type = ProblemType.forStatus(status);
    framework.setType(type.type());
    framework.setTitle(type.title());
    return framework;
  }

  /**
   * An internal error: the client gets a reference to quote, never the exception or a stack trace.
   */
  static ProblemDetail internal(String reference) {
    ProblemDetail problem = of(ProblemType.INTERNAL_ERROR, internalDetail(reference));
    problem.setProperty("reference", reference);
    return problem;
  }

  private static String internalDetail(String reference) {
    return "The service failed to handle this request; quote reference "
        + reference
        + " when reporting it.";
  }

  static String newReference() {
    return UUID.randomUUID().toString();
  }

  /**
   * What every error response adds to its problem: {@code retry-after} (seconds) where a retry can
   * pass (a full queue, an unavailable backend), then the members and headers of the dialects that
   * cover the request.
   */
  static void adapt(
      ProblemDetail problem,
      HttpHeaders headers,
      ServerHttpRequest request,
      List<ProblemDialect> dialects) {
    long retryAfter = retryAfterSeconds(problem);
    if (retryAfter > 0 && !headers.containsHeader(HttpHeaders.RETRY_AFTER)) {
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
    }
    for (ProblemDialect dialect : dialects) {
      if (dialect.covers(request)) {
        dialect.adapt(problem, headers);
      }
    }
  }

  /**
   * How long a client should wait before it retries {@code problem}: a full queue's expected wait
   * (its {@code estimatedWaitMillis}, rounded up to whole seconds, at least 1 and at most an hour),
   * else the wait for its status.
   */
  static long retryAfterSeconds(ProblemDetail problem) {
    if (problem.getStatus() == 429
        && problem.getProperties() != null
        && problem.getProperties().get("estimatedWaitMillis") instanceof Number wait
        && wait.longValue() > 0) {
      return Math.clamp((wait.longValue() + 999) / 1000, 1, 3600);
    }
    return retryAfterSeconds(problem.getStatus());
  }

  /**
   * How long a client should wait before it retries a problem with this status, or 0 when no wait
   * makes a retry pass: a full queue drains within about a second, a backend that went down comes
   * back (a worker restarts) within a few.
   */
  public static long retryAfterSeconds(int status) {
    return switch (status) {
      case 429 -> 1;
      case 503 -> 2;
      default -> 0;
    };
  }

  /** The problem as an ordered JSON object, for writers that bypass the message codecs. */
  public static Map<String, Object> asMap(ProblemDetail problem) {
    Map<String, Object> map = new LinkedHashMap<>();
    URI type = problem.getType();
    // RFC 9457 §4.2.1: an absent type means about:blank
    map.put("type", type == null ? "about:blank" : type.toString());
    if (problem.getTitle() != null) {
      map.put("title", problem.getTitle());
    }
    map.put("status", problem.getStatus());
    if (problem.getDetail() != null) {
      map.put("detail", problem.getDetail());
    }
    if (problem.getInstance() != null) {
      map.put("instance", problem.getInstance().toString());
    }
    if (problem.getProperties() != null) {
      map.putAll(problem.getProperties());
    }
    return map;
  }
}
