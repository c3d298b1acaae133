package io.symposium.orchestrator.query;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.orchestrator.problem.Problems;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/query}: runs the question through a {@link QueryRunner}, which logs it before
 * anything else happens (nothing a client sent is lost) and records the outcome. With {@code
 * Accept: text/event-stream} the stages arrive as events: skills, routing, expert (each), answer
 * (pieces), aggregate, done; a failure after the stream started is an {@code error} event with the
 * problem body. A client that disconnects cancels its generations, and the query is logged as
 * cancelled.
 */
@RestController
public class QueryController {

  private final QueryRunner runner;
  private final QueryLogRepository queryLog;
  private final JsonMapper json;

  public QueryController(QueryRunner runner, QueryLogRepository queryLog, JsonMapper json) {
    this.runner = runner;
    this.queryLog = queryLog;
    this.json = json;
  }

  @PostMapping(
      path = "/v1/query",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<QueryResult> query(@Valid @RequestBody QueryRequest request) {
    return runner.answer(UUID.randomUUID(), request);
  }

  @PostMapping(
      path = "/v1/query",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<String>> queryEvents(@Valid @RequestBody QueryRequest request) {
    UUID id = UUID.randomUUID();
    return runner
        .events(id, request)
        .map(event -> event(event.name(), payload(event), id))
        .onErrorResume(e -> Mono.just(event("error", Problems.body(Problems.from(e)), id)));
  }

  private ServerSentEvent<String> event(String name, Object payload, UUID id) {
    return ServerSentEvent.builder(json.writeValueAsString(payload))
        .event(name)
        .id(id.toString())
        .build();
  }

  @GetMapping("/v1/queries/{id}")
  Mono<Map<String, Object>> find(@PathVariable String id) {
    UUID uuid = parse(id);
    return queryLog
        .find(uuid)
        .switchIfEmpty(
            Mono.error(
                new ApiProblemException(
                    ProblemType.NOT_FOUND,
                    "No query " + id + " in the query log.",
                    Map.of("queryId", id))))
        .zipWith(queryLog.expertAnswers(uuid).collectList())
        .map(
            t -> {
              Map<String, Object> out =
                  new LinkedHashMap<>(json.convertValue(t.getT1(), Map.class));
              out.put("experts", t.getT2());
              return out;
            });
  }

  private static Object payload(QueryEvent event) {
    return switch (event) {
      case QueryEvent.SkillsFound s -> s.skills();
      case QueryEvent.Routed r -> r.routing();
      case QueryEvent.ExpertDone e -> e.expert();
      case QueryEvent.AnswerPiece p -> Map.of("text", p.text());
      case QueryEvent.Aggregated a -> a.answer();
      case QueryEvent.Done d -> d.result();
    };
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ApiProblemException(
          ProblemType.INVALID_REQUEST,
          "'" + id + "' is not a query id (a UUID).",
          Map.of("queryId", id));
    }
  }
}
