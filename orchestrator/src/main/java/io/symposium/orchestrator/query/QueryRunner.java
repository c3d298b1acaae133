package io.symposium.orchestrator.query;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.Problems;
import io.symposium.pool.ChatPrompt;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one query at the edge, the same way for {@code /v1/query} (JSON and SSE) and the facade's
 * routed model: log the question, run the pipeline, record how it ended.
 *
 * <ul>
 *   <li>answered: the result is in the log before the stream completes;
 *   <li>failed: the log keeps the very problem body the client then gets, with the query id;
 *   <li>cancelled (the client went away): the pipeline and its generations are cancelled, and the
 *       query is marked cancelled unless its outcome was already being recorded;
 *   <li>interrupted (the service stopped with the query unfinished): marked so, like a crash's.
 * </ul>
 *
 * The log writes that record an outcome are subscribed on their own, so a client that disconnects
 * cannot cancel them, and a failing write is logged without replacing the query's own error.
 */
public final class QueryRunner {

  private static final Logger log = LoggerFactory.getLogger(QueryRunner.class);

  /** What a run needs of the pipeline: {@link QueryPipeline#run}, or a scripted one in tests. */
  @FunctionalInterface
  public interface Pipeline {
    Mono<QueryResult> run(UUID id, QueryPlan plan, Consumer<QueryEvent> events);
  }

  private final QueryLogRepository queryLog;
  private final Pipeline pipeline;
  private final QueryDefaults defaults;
  private final JsonMapper json;
  private final BooleanSupplier stopping;

  public QueryRunner(
      QueryLogRepository queryLog, Pipeline pipeline, QueryDefaults defaults, JsonMapper json) {
    this(queryLog, pipeline, defaults, json, () -> false);
  }

  /**
   * @param stopping whether the service is shutting down: a query cut off then is recorded
   *     interrupted, not cancelled (its client did not go away, the service did)
   */
  public QueryRunner(
      QueryLogRepository queryLog,
      Pipeline pipeline,
      QueryDefaults defaults,
      JsonMapper json,
      BooleanSupplier stopping) {
    this.queryLog = queryLog;
    this.pipeline = pipeline;
    this.defaults = defaults;
    this.json = json;
    this.stopping = stopping;
  }

  /** The result alone; it arrives once it is in the log. */
  public Mono<QueryResult> answer(UUID id, QueryRequest request) {
    // last(), not next(): next() would cancel the run before the answer is recorded
    return events(id, request, Delivery.WHOLE, List.of(), Problems::from)
        .ofType(QueryEvent.Done.class)
        .last()
        .map(QueryEvent.Done::result);
  }

  /**
   * The query's events as the pipeline reports them, the answer streamed; see {@link #events(UUID,
   * QueryRequest, Delivery, List, Function)}.
   */
  public Flux<QueryEvent> events(UUID id, QueryRequest request) {
    return events(id, request, Delivery.STREAMED, List.of(), Problems::from);
  }

  /**
   * Runs the query on subscription and reports its events; a failure ends the stream with an {@link
   * ApiProblemException} that carries {@code queryId}.
   *
   * @param delivery whether the final answer's pieces stream as they are generated, or come as one
   *     piece once decided (then every call's tokens are counted exactly)
   * @param earlierTurns the conversation before the question, which the experts and the aggregator
   *     see as far as their contexts hold it (the query log keeps the question alone)
   * @param problems how a failure reads to this client (the facade adds OpenAI's error object); the
   *     log keeps the same body
   * @throws ApiProblemException at once, before anything is logged, when the request makes no plan
   */
  public Flux<QueryEvent> events(
      UUID id,
      QueryRequest request,
      Delivery delivery,
      List<ChatPrompt.Message> earlierTurns,
      Function<Throwable, ApiProblemException> problems) {
    QueryPlan plan;
    try {
      plan = defaults.plan(request, delivery, earlierTurns);
    } catch (ApiProblemException e) {
      throw problems.apply(e);
    }
    return Flux.create(sink -> run(id, request, plan, problems, sink));
  }

  private void run(
      UUID id,
      QueryRequest request,
      QueryPlan plan,
      Function<Throwable, ApiProblemException> problems,
      FluxSink<QueryEvent> sink) {
    // set once the query's end is known: the first of outcome and cancellation wins
    AtomicBoolean settled = new AtomicBoolean();
    // the insert is not cancelled with the run, so a cancellation is never recorded before it
    CompletableFuture<@Nullable LoggedQuery> logged = queryLog.insert(id, request).toFuture();
    Disposable work =
        Mono.fromFuture(logged, true)
            .then(Mono.defer(() -> pipeline.run(id, plan, sink::next)))
            .switchIfEmpty(
                Mono.error(() -> new IllegalStateException("the pipeline gave no result")))
            .subscribe(
                result -> {
                  if (settled.compareAndSet(false, true)) {
                    queryLog
                        .answered(result)
                        .subscribe(null, e -> failed(id, e, problems, sink), sink::complete);
                  }
                },
                error -> {
                  if (settled.compareAndSet(false, true)) {
                    failed(id, error, problems, sink);
                  }
                });
    sink.onCancel(
        () -> {
          if (settled.compareAndSet(false, true)) {
            work.dispose();
            boolean interrupted = stopping.getAsBoolean();
            Mono.fromFuture(logged, true)
                .then(interrupted ? queryLog.interrupted(id) : queryLog.cancelled(id))
                .subscribe(
                    null,
                    e ->
                        log.warn(
                            "could not record that query {} was {}: {}",
                            id,
                            interrupted ? "interrupted" : "cancelled",
                            e.toString()));
          }
        });
  }

  private void failed(
      UUID id,
      Throwable error,
      Function<Throwable, ApiProblemException> problems,
      FluxSink<QueryEvent> sink) {
    // the query's entry in the log is the occurrence the problem is about
    ApiProblemException problem =
        problems.apply(error).with("queryId", id.toString()).at(URI.create("/v1/queries/" + id));
    queryLog
        .failed(id, json.writeValueAsString(Problems.body(problem)))
        .onErrorResume(
            e -> {
              log.warn("could not record the failure of query {}: {}", id, e.toString());
              return Mono.empty();
            })
        .subscribe(null, null, () -> sink.error(problem));
  }
}
