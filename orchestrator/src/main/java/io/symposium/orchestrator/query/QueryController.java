package io.symposium.orchestrator.query;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import jakarta.validation.Valid;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/query}: logs every valid question before anything else happens, so a client never
 * loses what it sent. Until routing exists the answer is a 501 problem that carries the query id.
 */
@RestController
public class QueryController {

  private final QueryLogRepository queryLog;

  public QueryController(QueryLogRepository queryLog) {
    this.queryLog = queryLog;
  }

  @PostMapping(path = "/v1/query", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<Object> query(@Valid @RequestBody QueryRequest request) {
    UUID id = UUID.randomUUID();
    return queryLog
        .insert(id, request)
        .flatMap(logged -> queryLog.finish(id, QueryStatus.NOT_IMPLEMENTED))
        .then(
            Mono.error(
                new ApiProblemException(
                    ProblemType.NOT_IMPLEMENTED,
                    "Routing to experts is not available in this build yet; the question was recorded in the query log as "
                        + id
                        + " (GET /v1/queries/"
                        + id
                        + ").",
                    Map.of("queryId", id.toString()))));
  }

  @GetMapping("/v1/queries/{id}")
  Mono<LoggedQuery> find(@PathVariable String id) {
    UUID uuid = parse(id);
    return queryLog
        .find(uuid)
        .switchIfEmpty(
            Mono.error(new ApiProblemException(ProblemType.NOT_FOUND, "No query " + id + " in the query log.", Map.of("queryId", id))));
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ApiProblemException(ProblemType.INVALID_REQUEST, "'" + id + "' is not a query id (a UUID).", Map.of("queryId", id));
    }
  }
}
