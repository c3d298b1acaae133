package io.symposium.orchestrator.problem;

import io.symposium.orchestrator.observability.RequestIdFilter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last line of error handling, for errors raised outside any controller: unknown routes,
 * methods a route does not allow, and failures in filters. Runs before Boot's default error page
 * handler, so every error the service sends is a problem body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ProblemWebExceptionHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

  private final JsonMapper json;
  private final List<ProblemDialect> dialects;

  public ProblemWebExceptionHandler(JsonMapper json, List<ProblemDialect> dialects) {
    this.json = json;
    this.dialects = List.copyOf(dialects);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(error);
    }
    ProblemDetail problem = toProblem(exchange, error);
    response.setStatusCode(org.springframework.http.HttpStatusCode.valueOf(problem.getStatus()));
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (error instanceof MethodNotAllowedException notAllowed
        && !notAllowed.getSupportedMethods().isEmpty()) {
      response.getHeaders().setAllow(notAllowed.getSupportedMethods());
    }
    Problems.adapt(problem, response.getHeaders(), exchange.getRequest(), dialects);
    byte[] body = json.writeValueAsString(Problems.asMap(problem)).getBytes(StandardCharsets.UTF_8);
    DataBuffer buffer = response.bufferFactory().wrap(body);
    return response.writeWith(Mono.just(buffer));
  }

  private static ProblemDetail toProblem(ServerWebExchange exchange, Throwable error) {
    if (error instanceof ApiProblemException api) {
      return Problems.of(api);
    }
    if (error instanceof ResponseStatusException status) {
      ProblemType type = ProblemType.forStatus(status.getStatusCode());
      String detail =
          switch (type) {
            case NOT_FOUND ->
                "No resource at "
                    + exchange.getRequest().getPath().value()
                    + "; the API is described in the README.";
            case METHOD_NOT_ALLOWED ->
                exchange.getRequest().getMethod()
                    + " is not allowed on "
                    + exchange.getRequest().getPath().value()
                    + ".";
            default ->
                status.getReason() != null
                    ? ProblemResponses.firstLine(status.getReason())
                    : type.title();
          };
      return Problems.of(type, detail);
    }
    if (DatabaseProblems.unavailable(error)) {
      return Problems.of(DatabaseProblems.toApiProblem(error));
    }
    String reference = Problems.newReference();
    log.error(
        "request {} {} failed, reference {}, request id {}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        reference,
        RequestIdFilter.of(exchange),
        error);
    return Problems.internal(reference);
  }
}
