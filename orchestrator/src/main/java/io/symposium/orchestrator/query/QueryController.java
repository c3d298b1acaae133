package io.symposium.orchestrator.query;

import io.symposium.aggregate.TaskFormat;
import io.symposium.orchestrator.config.QueryProperties;
import io.symposium.orchestrator.config.RoutingProperties;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.PoolProblems;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.pool.PoolException;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/query}: logs the question before anything else happens (nothing a client sent is
 * lost), runs the pipeline, and records the answer with every expert's part. With {@code Accept:
 * text/event-stream} the stages arrive as events: skills, routing, expert (each), aggregate, done;
 * a failure after the stream started is an {@code error} event with the problem body. A client that
 * disconnects cancels its generations.
 */
@RestController
public class QueryController {

  private static final Logger log = LoggerFactory.getLogger(QueryController.class);

  private final QueryLogRepository queryLog;
  private final QueryPipeline pipeline;
  private final QueryProperties defaults;
  private final RoutingProperties routing;
  private final JsonMapper json;

  public QueryController(
      QueryLogRepository queryLog,
      QueryPipeline pipeline,
      QueryProperties defaults,
      RoutingProperties routing,
      JsonMapper json) {
    this.queryLog = queryLog;
    this.pipeline = pipeline;
    this.defaults = defaults;
    this.routing = routing;
    this.json = json;
  }

  @PostMapping(
      path = "/v1/query",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<QueryResult> query(@Valid @RequestBody QueryRequest request) {
    UUID id = UUID.randomUUID();
    QueryPlan plan = plan(request);
    return queryLog
        .insert(id, request)
        .then(pipeline.run(id, plan, event -> {}))
        .flatMap(result -> record(result).thenReturn(result))
        .onErrorResume(e -> fail(id, e).then(Mono.error(edge(e, id))));
  }

  @PostMapping(
      path = "/v1/query",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<String>> queryEvents(@Valid @RequestBody QueryRequest request) {
    UUID id = UUID.randomUUID();
    QueryPlan plan = plan(request);
    Sinks.Many<QueryEvent> events = Sinks.many().unicast().onBackpressureBuffer();
    Mono<Void> work =
        queryLog
            .insert(id, request)
            .then(
                pipeline.run(
                    id,
                    plan,
                    event ->
                        events.emitNext(
                            event,
                            Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)))))
            .flatMap(this::record)
            .doOnSuccess(done -> events.tryEmitComplete())
            .onErrorResume(e -> fail(id, e).doFinally(s -> events.tryEmitError(edge(e, id))));
    Flux<ServerSentEvent<String>> stream =
        events
            .asFlux()
            .map(
                event ->
                    ServerSentEvent.builder(json.writeValueAsString(payload(event)))
                        .event(event.name())
                        .id(id.toString())
                        .build())
            .onErrorResume(
                e ->
                    Mono.just(
                        ServerSentEvent.builder(json.writeValueAsString(problem(e)))
                            .event("error")
                            .id(id.toString())
                            .build()));
    // the work runs as long as someone listens: a client that disconnects cancels it and its
    // generations
    return stream.mergeWith(work.then(Mono.empty()));
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

  private QueryPlan plan(QueryRequest request) {
    try {
      return new QueryPlan(
          request.validQuestion(),
          request.task() != null ? request.task() : routing.defaultTask(),
          request.k() != null ? request.k() : defaults.defaultK(),
          request.strategy() != null ? Strategy.fromId(request.strategy()) : Strategy.SYMBOLIC_MOE,
          request.aggregation() != null
              ? Aggregation.fromId(request.aggregation())
              : Aggregation.SYNTHESIS,
          true,
          request.seed() != null ? request.seed() : 0,
          request.maxTokens() != null ? request.maxTokens() : routing.defaultMaxTokens(),
          format(request.taskFormat()));
    } catch (IllegalArgumentException e) {
      throw new ApiProblemException(ProblemType.INVALID_REQUEST, ApiProblemException.detailOf(e));
    }
  }

  private static @Nullable TaskFormat format(@Nullable String id) {
    if (id == null) {
      return null;
    }
    return switch (id) {
      case "multiple-choice" -> TaskFormat.MULTIPLE_CHOICE;
      case "integer" -> TaskFormat.INTEGER;
      default -> TaskFormat.FREE_TEXT;
    };
  }

  private Mono<Void> record(QueryResult result) {
    return queryLog.answered(result);
  }

  private Mono<Void> fail(UUID id, Throwable error) {
    return queryLog
        .failed(id, json.writeValueAsString(problem(error)))
        .onErrorResume(
            e -> {
              log.warn("could not record the failure of query {}: {}", id, e.getMessage());
              return Mono.empty();
            });
  }

  /** The error as the client sees it: our problem types, never an internal exception. */
  private static RuntimeException edge(Throwable error, UUID id) {
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    if (cause instanceof ApiProblemException api) {
      Map<String, Object> properties = new LinkedHashMap<>(api.properties());
      properties.put("queryId", id.toString());
      return new ApiProblemException(api.type(), api.getMessage(), properties);
    }
    if (cause instanceof PoolException pool) {
      ApiProblemException api = PoolProblems.toApiProblem(pool);
      Map<String, Object> properties = new LinkedHashMap<>(api.properties());
      properties.put("queryId", id.toString());
      return new ApiProblemException(api.type(), api.getMessage(), properties);
    }
    return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
  }

  private static Map<String, Object> problem(Throwable error) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (error instanceof ApiProblemException api) {
      body.put("type", api.type().type().toString());
      body.put("title", api.type().title());
      body.put("status", api.type().status().value());
      body.put("detail", api.getMessage());
      body.putAll(api.properties());
    } else {
      body.put("type", ProblemType.INTERNAL_ERROR.type().toString());
      body.put("title", ProblemType.INTERNAL_ERROR.title());
      body.put("status", 500);
      body.put("detail", "The query failed inside the service; see the service log.");
      log.error("query failed", error);
    }
    return body;
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
