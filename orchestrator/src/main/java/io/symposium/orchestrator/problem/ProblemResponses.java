package io.symposium.orchestrator.problem;

import io.symposium.orchestrator.observability.RequestIdFilter;
import io.symposium.pool.PoolException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Turns the errors of request handling into RFC 9457 problem bodies: the framework's own (bad JSON,
 * failed validation, wrong media type), the service's deliberate {@link ApiProblemException}s, and
 * anything unexpected, which is logged with a reference and never shown as a stack trace.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  private final List<ProblemDialect> dialects;

  public ProblemResponses(List<ProblemDialect> dialects) {
    this.dialects = List.copyOf(dialects);
  }

  @ExceptionHandler(ApiProblemException.class)
  Mono<ResponseEntity<Object>> handleApiProblem(ApiProblemException e, ServerWebExchange exchange) {
    return Mono.just(respond(Problems.of(e), exchange));
  }

  @ExceptionHandler(PoolException.class)
  Mono<ResponseEntity<Object>> handlePool(PoolException e, ServerWebExchange exchange) {
    return Mono.just(respond(Problems.of(PoolProblems.toApiProblem(e)), exchange));
  }

  @ExceptionHandler(Exception.class)
  Mono<ResponseEntity<Object>> handleUnexpected(Exception e, ServerWebExchange exchange) {
    if (DatabaseProblems.unavailable(e)) {
      return Mono.just(respond(Problems.of(DatabaseProblems.toApiProblem(e)), exchange));
    }
    String reference = Problems.newReference();
    log.error(
        "request {} {} failed, reference {}, request id {}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        reference,
        RequestIdFilter.of(exchange),
        e);
    return Mono.just(respond(Problems.internal(reference), exchange));
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
      WebExchangeBindException e,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    List<Map<String, Object>> errors =
        e.getFieldErrors().stream()
            .map(
                f ->
                    Map.<String, Object>of(
                        "field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
            .toList();
    String detail =
        errors.stream()
            .map(err -> err.get("field") + ": " + err.get("message"))
            .sorted()
            .reduce((a, b) -> a + "; " + b)
            .orElse("the request body is invalid");
    ProblemDetail problem = Problems.of(ProblemType.INVALID_REQUEST, detail);
    problem.setProperty("errors", errors);
    return Mono.just(respond(problem, exchange));
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException e,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    if (e.getCause() instanceof DecodingException decoding
        && decoding.getCause() instanceof StorableTextJson.UnstorableTextException unstorable) {
      return Mono.just(
          respond(
              Problems.of(ProblemType.INVALID_REQUEST, unstorable.getOriginalMessage()), exchange));
    }
    if (e.getCause() instanceof DecodingException decoding) {
      return Mono.just(
          respond(
              Problems.of(
                  ProblemType.MALFORMED_REQUEST,
                  "The request body is not valid JSON for this endpoint: "
                      + firstLine(decoding.getMessage())),
              exchange));
    }
    if (e.getReason() != null && e.getReason().contains("body is missing")) {
      return Mono.just(
          respond(
              Problems.of(
                  ProblemType.MALFORMED_REQUEST,
                  "The request body is missing; send a JSON object."),
              exchange));
    }
    return super.handleServerWebInputException(e, headers, status, exchange);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleExceptionInternal(
      Exception e,
      @Nullable Object body,
      @Nullable HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    ProblemDetail problem =
        body instanceof ProblemDetail framework
            ? Problems.retyped(framework, status)
            : Problems.of(ProblemType.forStatus(status), firstLine(e.getMessage()));
    return Mono.just(respond(problem, headers, exchange));
  }

  private ResponseEntity<Object> respond(ProblemDetail problem, ServerWebExchange exchange) {
    return respond(problem, null, exchange);
  }

  private ResponseEntity<Object> respond(
      ProblemDetail problem, @Nullable HttpHeaders framework, ServerWebExchange exchange) {
    HttpHeaders headers = new HttpHeaders();
    if (framework != null) {
      headers.addAll(framework);
    }
    Problems.adapt(problem, headers, exchange.getRequest(), dialects);
    return ResponseEntity.status(problem.getStatus())
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /**
   * Decoder messages can quote large parts of the body and name internal classes: keep the first
   * line, bounded.
   */
  static String firstLine(@Nullable String message) {
    if (message == null || message.isBlank()) {
      return "no further detail";
    }
    String line = message.lines().findFirst().orElse("").strip();
    line = line.replaceAll("\\(class [\\w.$]+\\)", "").replaceAll("`[\\w.$]+`", "the field");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
