package io.symposium.orchestrator.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.TaskFormat;
import io.symposium.orchestrator.config.QueryProperties;
import io.symposium.orchestrator.config.RoutingProperties;
import io.symposium.orchestrator.openaicompat.OpenAiController;
import io.symposium.orchestrator.openaicompat.OpenAiErrors;
import io.symposium.orchestrator.openaicompat.RoutedChat;
import io.symposium.orchestrator.problem.ProblemResponses;
import io.symposium.orchestrator.problem.Problems;
import io.symposium.orchestrator.routing.ModelScore;
import io.symposium.orchestrator.routing.RoutingDecision;
import io.symposium.pool.BackendKind;
import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a query ends — answered, failed, cancelled — through each entry point ({@code /v1/query} JSON
 * and SSE, the facade's routed model), with a scripted pipeline and the real query log in a real
 * PostgreSQL (no application context).
 */
final class QueryRunnerIT {

  static MigratedDatabase database;
  static ModelPool pool;
  static QueryLogRepository queryLog;
  static final JsonMapper json = JsonMapper.builder().build();

  static final QueryRequest QUESTION =
      new QueryRequest("Capital of France?", null, null, null, null, null, null, null);

  @BeforeAll
  static void database() throws IOException {
    database = MigratedDatabase.start();
    queryLog =
        new QueryLogRepository(
            database.db,
            database.tx,
            json,
            new ServiceInstance("query-runner-it", java.time.Instant.now()));
    // the facade needs a pool for its expert models; the routed model never touches it
    pool =
        ModelPool.create(
            new ModelPool.Config(
                1L << 30,
                Duration.ofSeconds(1),
                16,
                Duration.ofSeconds(5),
                0,
                Duration.ofMillis(10),
                List.of()),
            // no model is registered: the backend is there because a pool needs one
            Map.of(BackendKind.OPENAI, ModelBackends.openAi(Duration.ofSeconds(1))),
            InstantSource.system(),
            new SimpleMeterRegistry());
  }

  @AfterAll
  static void close() throws IOException {
    pool.close();
    database.close();
  }

  /** How the scripted pipeline ends after reporting the skills and the routing. */
  enum Ending {
    /** Two answer pieces, "Par" and "is.", then the result. */
    ANSWERS,
    /** A backend failure (a 503 problem). */
    FAILS,
    /** One answer piece, then nothing: a query still generating when its client goes away. */
    HANGS
  }

  /** A pipeline that plays one {@link Ending} and remembers what happened to it. */
  static final class Script implements QueryRunner.Pipeline {
    final Ending ending;
    final Sinks.One<UUID> started = Sinks.one();
    final Sinks.One<Boolean> cancelled = Sinks.one();

    Script(Ending ending) {
      this.ending = ending;
    }

    @Override
    public Mono<QueryResult> run(UUID id, QueryPlan plan, Consumer<QueryEvent> events) {
      return Mono.defer(
              () -> {
                QueryResult result = result(id, plan);
                events.accept(new QueryEvent.SkillsFound(result.skills()));
                events.accept(new QueryEvent.Routed(result.routing()));
                started.tryEmitValue(id);
                return switch (ending) {
                  case ANSWERS -> {
                    events.accept(new QueryEvent.AnswerPiece("Par"));
                    events.accept(new QueryEvent.AnswerPiece("is."));
                    events.accept(new QueryEvent.Aggregated(result.aggregation()));
                    events.accept(new QueryEvent.Done(result));
                    yield Mono.just(result);
                  }
                  case FAILS ->
                      Mono.error(new BackendUnavailableException("the expert's worker is down"));
                  case HANGS -> {
                    events.accept(new QueryEvent.AnswerPiece("Par"));
                    yield Mono.never();
                  }
                };
              })
          .doOnCancel(() -> cancelled.tryEmitValue(true));
    }

    UUID awaitStarted() {
      return started.asMono().block(Duration.ofSeconds(5));
    }

    /** Whether the run was cancelled; a cancellation can reach it on the pipeline's thread. */
    boolean awaitCancelled() {
      return Boolean.TRUE.equals(
          cancelled.asMono().timeout(Duration.ofSeconds(5), Mono.just(false)).block());
    }
  }

  static QueryResult result(UUID id, QueryPlan plan) {
    var routing =
        new RoutingDecision(
            List.of("expert-a"),
            List.of(new ModelScore("expert-a", 2, 0.5, 1.0, 1.0)),
            Set.of(),
            List.of(),
            List.of(),
            null);
    var answer =
        new FinalAnswer(
            "Paris.",
            null,
            FinalAnswer.Method.MAJORITY_VOTE,
            null,
            FinalAnswer.Fallback.NONE,
            List.of());
    return new QueryResult(
        id,
        plan.question(),
        "Paris.",
        null,
        TaskFormat.FREE_TEXT,
        plan.task(),
        plan.strategy().id(),
        new QueryResult.Skills(List.of("geography"), List.of("geography")),
        routing,
        List.of(),
        answer,
        List.of(),
        new QueryResult.Timings(1, 1, 1, 1, 4),
        new QueryResult.Usage(0, List.of()),
        plan.knobs());
  }

  static QueryRunner runner(Script script) {
    var defaults =
        new QueryDefaults(
            new QueryProperties(3, "coe", "skill-accuracy"),
            new RoutingProperties("synth", null, null, 5, null));
    return new QueryRunner(queryLog, script, defaults, json);
  }

  static WebTestClient http(Script script) {
    QueryRunner runner = runner(script);
    return WebTestClient.bindToController(
            new QueryController(runner, queryLog, json),
            new OpenAiController(pool, new PipelineChat(runner), json))
        .controllerAdvice(new ProblemResponses(List.of(new OpenAiErrors())))
        .build();
  }

  static LoggedQuery logged(UUID id) {
    return queryLog.find(id).block(Duration.ofSeconds(5));
  }

  /**
   * The log entry once it shows {@code status}; a cancellation is recorded after the client left.
   */
  static LoggedQuery awaitStatus(UUID id, QueryStatus status) {
    return Mono.defer(() -> queryLog.find(id))
        .filter(q -> q.status() == status)
        .repeatWhenEmpty(250, attempts -> attempts.delayElements(Duration.ofMillis(20)))
        .block(Duration.ofSeconds(10));
  }

  // ---- /v1/query, JSON ----

  @Test
  void query_pipelineAnswers_resultLoggedAnsweredBeforeTheClientGetsIt() {
    Map<String, Object> result =
        http(new Script(Ending.ANSWERS))
            .post()
            .uri("/v1/query")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"question\": \"Capital of France?\"}")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();

    LoggedQuery logged = logged(UUID.fromString((String) result.get("id")));
    assertThat(logged.status()).isEqualTo(QueryStatus.ANSWERED);
    assertThat(logged.finalAnswer()).isEqualTo("Paris.").isEqualTo(result.get("finalAnswer"));
    assertThat(logged.completedAt()).isNotNull();
  }

  @Test
  void query_pipelineFails_loggedFailedWithTheProblemBodyTheClientGot() {
    Map<String, Object> problem =
        http(new Script(Ending.FAILS))
            .post()
            .uri("/v1/query")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"question\": \"Capital of France?\"}")
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();

    assertThat(problem)
        .containsEntry("type", "/problems/backend-unavailable")
        .containsEntry("retriable", true)
        .containsEntry("instance", "/v1/queries/" + problem.get("queryId"));
    LoggedQuery logged = logged(UUID.fromString((String) problem.get("queryId")));
    assertThat(logged.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(logged.error()).isEqualTo(problem);
  }

  @Test
  void query_clientCancels_pipelineCancelledAndLoggedCancelled() {
    Script script = new Script(Ending.HANGS);
    var controller = new QueryController(runner(script), queryLog, json);

    StepVerifier.create(controller.query(QUESTION))
        .then(script::awaitStarted)
        .thenCancel()
        .verify(Duration.ofSeconds(5));

    assertThat(script.awaitCancelled()).isTrue();
    assertThat(awaitStatus(script.awaitStarted(), QueryStatus.CANCELLED).completedAt()).isNotNull();
  }

  // ---- /v1/query, SSE ----

  List<ServerSentEvent<String>> events(Script script) {
    return http(script)
        .post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .bodyValue("{\"question\": \"Capital of France?\"}")
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
        .getResponseBody()
        .collectList()
        .block(Duration.ofSeconds(10));
  }

  @Test
  void queryEvents_pipelineAnswers_everyStageInOrderAndLoggedAnswered() {
    List<ServerSentEvent<String>> events = events(new Script(Ending.ANSWERS));

    assertThat(events)
        .extracting(ServerSentEvent::event)
        .containsExactly("skills", "routing", "answer", "answer", "aggregate", "done");
    assertThat(events.get(2).data()).isEqualTo("{\"text\":\"Par\"}");
    UUID id = UUID.fromString(events.getFirst().id());
    assertThat(logged(id).status()).isEqualTo(QueryStatus.ANSWERED);
  }

  @Test
  void queryEvents_pipelineFailsMidStream_errorEventWithTheProblemBodyTheLogKeeps() {
    List<ServerSentEvent<String>> events = events(new Script(Ending.FAILS));

    assertThat(events)
        .extracting(ServerSentEvent::event)
        .containsExactly("skills", "routing", "error");
    @SuppressWarnings("unchecked")
    Map<String, Object> problem = json.readValue(events.getLast().data(), Map.class);
    assertThat(problem).containsEntry("type", "/problems/backend-unavailable");
    LoggedQuery logged = logged(UUID.fromString(events.getLast().id()));
    assertThat(logged.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(logged.error()).isEqualTo(problem).containsEntry("queryId", logged.id().toString());
  }

  @Test
  void queryEvents_clientDisconnects_pipelineCancelledAndLoggedCancelled() {
    Script script = new Script(Ending.HANGS);
    var controller = new QueryController(runner(script), queryLog, json);

    StepVerifier.create(controller.queryEvents(QUESTION))
        .expectNextMatches(e -> "skills".equals(e.event()))
        .expectNextMatches(e -> "routing".equals(e.event()))
        .expectNextMatches(e -> "answer".equals(e.event()))
        .thenCancel()
        .verify(Duration.ofSeconds(5));

    assertThat(script.awaitCancelled()).isTrue();
    assertThat(awaitStatus(script.awaitStarted(), QueryStatus.CANCELLED).finalAnswer()).isNull();
  }

  // ---- the facade's routed model ----

  @Test
  void facade_pipelineAnswers_answerAndStreamedPiecesAgreeAndLoggedAnswered() {
    Script script = new Script(Ending.ANSWERS);
    var whole =
        http(script)
            .post()
            .uri("/v1/chat/completions")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                "{\"model\": \"symposium\", \"messages\": [{\"role\": \"user\", \"content\":"
                    + " \"Capital of France?\"}]}")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult();
    UUID id = UUID.fromString(whole.getResponseHeaders().getFirst("x-symposium-query-id"));
    assertThat(logged(id).status()).isEqualTo(QueryStatus.ANSWERED);
    Map<?, ?> message =
        (Map<?, ?>)
            ((Map<?, ?>) ((List<?>) whole.getResponseBody().get("choices")).getFirst())
                .get("message");
    assertThat(message.get("content")).isEqualTo("Paris.");

    RoutedChat.RoutedAnswer streamed =
        new PipelineChat(runner(script))
            .answer(
                RoutedChat.Conversation.of("Capital of France?"),
                CompletionRequest.greedy("unused", null),
                RoutedChat.Delivery.STREAMED,
                Problems::from);
    StepVerifier.create(streamed.parts())
        .expectNext(new RoutedChat.Part.Text("Par"), new RoutedChat.Part.Text("is."))
        .assertNext(
            part ->
                assertThat(((RoutedChat.Part.Finished) part).trace().experts())
                    .containsExactly("expert-a"))
        .verifyComplete();
    assertThat(logged(streamed.queryId()).status()).isEqualTo(QueryStatus.ANSWERED);
  }

  /** Issue 10: a query failing through the facade stayed 'received' forever. */
  @Test
  void facade_pipelineFails_loggedFailedWithTheProblemBodyTheClientGot() {
    var failed =
        http(new Script(Ending.FAILS))
            .post()
            .uri("/v1/chat/completions")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                "{\"model\": \"symposium\", \"messages\": [{\"role\": \"user\", \"content\":"
                    + " \"Capital of France?\"}]}")
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult();
    Map<String, Object> problem = failed.getResponseBody();

    assertThat(problem).containsEntry("type", "/problems/backend-unavailable").containsKey("error");
    // OpenAI's error object, all four keys, param null as OpenAI sends it
    assertThat(problem)
        .extractingByKey("error")
        .asInstanceOf(
            org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
        .containsEntry("message", "the expert's worker is down")
        .containsEntry("type", "server_error")
        .containsEntry("code", "backend_unavailable")
        .containsEntry("param", null)
        .hasSize(4);
    LoggedQuery logged = logged(UUID.fromString((String) problem.get("queryId")));
    assertThat(logged.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(logged.error()).isEqualTo(problem);
  }

  @Test
  void facade_clientCancels_pipelineCancelledAndLoggedCancelled() {
    Script script = new Script(Ending.HANGS);
    RoutedChat.RoutedAnswer answer =
        new PipelineChat(runner(script))
            .answer(
                RoutedChat.Conversation.of("Capital of France?"),
                CompletionRequest.greedy("unused", null),
                RoutedChat.Delivery.STREAMED,
                Problems::from);

    StepVerifier.create(answer.parts())
        .expectNext(new RoutedChat.Part.Text("Par"))
        .thenCancel()
        .verify(Duration.ofSeconds(5));

    assertThat(script.awaitCancelled()).isTrue();
    assertThat(awaitStatus(answer.queryId(), QueryStatus.CANCELLED).id())
        .isEqualTo(answer.queryId());
  }

  // ---- the edges of cancellation ----

  @Test
  void events_cancelledWhileTheQueryIsBeingLogged_stillLoggedCancelled() {
    UUID id = UUID.randomUUID();
    Script script = new Script(Ending.ANSWERS);

    runner(script).events(id, QUESTION).subscribe().dispose();

    assertThat(awaitStatus(id, QueryStatus.CANCELLED).question()).isEqualTo("Capital of France?");
  }

  @Test
  void cancelled_outcomeAlreadyRecorded_keepsTheOutcome() {
    UUID id = UUID.randomUUID();
    QueryPlan plan =
        new QueryPlan(
            "Capital of France?",
            "synth",
            1,
            Strategy.SYMBOLIC_MOE,
            Aggregation.MAJORITY,
            true,
            0,
            null,
            null,
            Delivery.WHOLE,
            List.of());

    queryLog
        .insert(id, QUESTION)
        .then(queryLog.answered(result(id, plan)))
        .then(queryLog.cancelled(id))
        .block(Duration.ofSeconds(5));

    assertThat(logged(id).status()).isEqualTo(QueryStatus.ANSWERED);
  }
}
