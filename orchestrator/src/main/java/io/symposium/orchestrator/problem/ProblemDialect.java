package io.symposium.orchestrator.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * How one part of the API writes its errors, when its clients expect more than the problem body:
 * the OpenAI facade adds OpenAI's {@code error} object and the retry headers its SDKs obey. Every
 * error handler applies the dialects that cover the request, so a framework error (bad JSON, an
 * unknown route) reads the same as the controller's own.
 */
public interface ProblemDialect {

  /** Whether {@code request} belongs to this part of the API. */
  boolean covers(ServerHttpRequest request);

  /** Adds this dialect's members to {@code problem} and its headers to {@code headers}. */
  void adapt(ProblemDetail problem, HttpHeaders headers);
}
