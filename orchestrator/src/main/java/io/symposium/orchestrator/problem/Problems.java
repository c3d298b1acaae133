package io.symposium.orchestrator.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the problem bodies both error handlers send, so they read the same wherever an error
 * starts.
 */
final class Problems {

  private Problems() {}

  static ProblemDetail of(ProblemType type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
    problem.setType(type.type());
    problem.setTitle(type.title());
    return problem;
  }

  static ProblemDetail of(ApiProblemException e) {
    ProblemDetail problem = of(e.type(), e.getMessage());
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
    ProblemDetail problem =
        of(
            ProblemType.INTERNAL_ERROR,
            "The service failed to handle this request; quote reference "
                + reference
                + " when reporting it.");
    problem.setProperty("reference", reference);
    return problem;
  }

  static String newReference() {
    return UUID.randomUUID().toString();
  }

  /** The problem as an ordered JSON object, for writers that bypass the message codecs. */
  static Map<String, Object> asMap(ProblemDetail problem) {
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
