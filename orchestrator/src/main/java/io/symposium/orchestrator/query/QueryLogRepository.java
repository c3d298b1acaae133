package io.symposium.orchestrator.query;

import io.symposium.orchestrator.database.Columns;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Reads and writes the {@code query_log} table. */
@Repository
public class QueryLogRepository {

  private final DatabaseClient db;
  private final org.springframework.transaction.reactive.TransactionalOperator tx;
  private final tools.jackson.databind.json.JsonMapper json;
  private final ServiceInstance instance;

  public QueryLogRepository(
      DatabaseClient db,
      org.springframework.transaction.reactive.TransactionalOperator tx,
      tools.jackson.databind.json.JsonMapper json,
      ServiceInstance instance) {
    this.db = db;
    this.tx = tx;
    this.json = json;
    this.instance = instance;
  }

  /** Records a question as received; completes once the row is durable. */
  public Mono<LoggedQuery> insert(UUID id, QueryRequest request) {
    var spec =
        db.sql(
                """
                INSERT INTO query_log (id, question, strategy, k, seed, max_tokens, status, instance_id, knobs)
                VALUES (:id, :question, :strategy, :k, :seed, :maxTokens, 'received', :instance, CAST(:knobs AS JSONB))
                RETURNING received_at\
                """)
            .bind("id", id)
            .bind("instance", instance.id())
            .bind("question", request.validQuestion());
    spec = bindNullable(spec, "strategy", request.strategy(), String.class);
    spec = bindNullable(spec, "k", request.k(), Integer.class);
    spec = bindNullable(spec, "seed", request.seed(), Long.class);
    spec = bindNullable(spec, "maxTokens", request.maxTokens(), Integer.class);
    QueryKnobs knobs = request.knobs();
    @Nullable String knobsJson =
        knobs.equals(QueryKnobs.NONE) ? null : json.writeValueAsString(knobs);
    spec = bindNullable(spec, "knobs", knobsJson, String.class);
    return spec.map(row -> Columns.required(row, "received_at", OffsetDateTime.class))
        .one()
        .map(
            receivedAt ->
                new LoggedQuery(
                    id,
                    receivedAt.toInstant(),
                    null,
                    request.validQuestion(),
                    request.strategy(),
                    request.k(),
                    request.seed(),
                    request.maxTokens(),
                    QueryStatus.RECEIVED,
                    null,
                    null,
                    instance.id(),
                    null,
                    knobsJson == null ? null : knobs));
  }

  /**
   * Marks the unfinished queries that earlier runs of {@code instance} received as interrupted;
   * queries of other instances, and those this run received, are left alone.
   *
   * @return how many were marked
   */
  public Mono<Long> markInterrupted(ServiceInstance instance) {
    return db.sql(
            "UPDATE query_log SET status = 'interrupted', interrupted_at = now() WHERE instance_id"
                + " = :instance AND status = 'received' AND received_at < :started")
        .bind("instance", instance.id())
        .bind("started", OffsetDateTime.ofInstant(instance.startedAt(), java.time.ZoneOffset.UTC))
        .fetch()
        .rowsUpdated();
  }

  /**
   * Marks this run's unfinished queries interrupted: the service is stopping and will not finish
   * them.
   *
   * @return how many were marked
   */
  public Mono<Long> interruptUnfinished() {
    return db.sql(
            "UPDATE query_log SET status = 'interrupted', interrupted_at = now() WHERE instance_id"
                + " = :instance AND status = 'received'")
        .bind("instance", instance.id())
        .fetch()
        .rowsUpdated();
  }

  /** Marks one query the stopping service cut off; a recorded outcome stays. */
  public Mono<Void> interrupted(UUID id) {
    return db.sql(
            "UPDATE query_log SET status = 'interrupted', interrupted_at = now()"
                + " WHERE id = :id AND status = 'received'")
        .bind("id", id)
        .then();
  }

  /**
   * Marks a query its client abandoned; a query whose outcome is already recorded keeps it (the
   * client can go away while the answer is being written).
   */
  public Mono<Void> cancelled(UUID id) {
    return db.sql(
            "UPDATE query_log SET status = 'cancelled', completed_at = now()"
                + " WHERE id = :id AND status = 'received'")
        .bind("id", id)
        .then();
  }

  /** Records a query's answer and every expert's part, in one transaction. */
  public Mono<Void> answered(QueryResult result) {
    Mono<Void> update =
        db.sql(
                """
                UPDATE query_log SET status = 'answered', completed_at = now(), task_format = :format, strategy = :strategy,
                  skills = CAST(:skills AS JSONB), routing = CAST(:routing AS JSONB), final_answer = :answer,
                  extracted_answer = NULLIF(:extracted, ''), aggregator_model = NULLIF(:aggregator, ''), timings = CAST(:timings AS JSONB)
                WHERE id = :id\
                """)
            .bind("id", result.id())
            .bind("format", result.format().name().toLowerCase(java.util.Locale.ROOT))
            .bind("strategy", result.strategy())
            .bind("skills", json.writeValueAsString(result.skills()))
            .bind("routing", json.writeValueAsString(result.routing()))
            .bind("answer", result.finalAnswer())
            .bind("timings", json.writeValueAsString(result.timings()))
            .bind("extracted", result.extractedAnswer() == null ? "" : result.extractedAnswer())
            .bind(
                "aggregator",
                result.aggregation().aggregatorModelId() == null
                    ? ""
                    : result.aggregation().aggregatorModelId())
            .then();
    Mono<Void> experts =
        reactor.core.publisher.Flux.range(0, result.experts().size())
            .concatMap(
                i -> {
                  QueryResult.ExpertOutcome e = result.experts().get(i);
                  var insert =
                      db.sql(
                              """
                              INSERT INTO query_expert_answers (query_id, position, model_id, status, answer, extracted_answer, replaces_model, error,
                                prompt_tokens, completion_tokens, latency_ms)
                              VALUES (:query, :position, :model, :status, :answer, :extracted, :replaces, :error, :prompt, :completion, :latency)\
                              """)
                          .bind("query", result.id())
                          .bind("position", i)
                          .bind("model", e.model())
                          .bind(
                              "status",
                              e.status() == QueryResult.ExpertStatus.ANSWERED
                                  ? "answered"
                                  : "failed")
                          .bind("prompt", e.promptTokens())
                          .bind("completion", e.completionTokens())
                          .bind("latency", e.latencyMillis());
                  insert = bindNullable(insert, "answer", e.answer(), String.class);
                  insert = bindNullable(insert, "extracted", e.extracted(), String.class);
                  insert = bindNullable(insert, "replaces", e.replaces(), String.class);
                  insert = bindNullable(insert, "error", e.error(), String.class);
                  return insert.then();
                })
            .then();
    return tx.transactional(update.then(experts));
  }

  /**
   * Records why a query failed (its problem body), unless a stopping service already marked it
   * interrupted (its generations then fail as the pool closes, with no client to tell).
   */
  public Mono<Void> failed(UUID id, String problemJson) {
    return db.sql(
            "UPDATE query_log SET status = 'failed', completed_at = now(), error = CAST(:error AS"
                + " JSONB) WHERE id = :id AND status <> 'interrupted'")
        .bind("id", id)
        .bind("error", problemJson)
        .then();
  }

  /** Each expert's part of a logged query, in order. */
  public reactor.core.publisher.Flux<java.util.Map<String, Object>> expertAnswers(UUID id) {
    return db.sql(
            "SELECT model_id, status, answer, extracted_answer, replaces_model, error, latency_ms"
                + " FROM query_expert_answers WHERE query_id = :id ORDER BY position")
        .bind("id", id)
        .map(
            row -> {
              java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
              m.put("model", row.get("model_id", String.class));
              m.put("status", row.get("status", String.class));
              m.put("answer", row.get("answer", String.class));
              m.put("extracted", row.get("extracted_answer", String.class));
              m.put("replaces", row.get("replaces_model", String.class));
              m.put("error", row.get("error", String.class));
              m.put("latencyMillis", row.get("latency_ms", Long.class));
              return m;
            })
        .all();
  }

  public Mono<LoggedQuery> find(UUID id) {
    return db.sql(
            """
            SELECT id, received_at, completed_at, question, strategy, k, seed, max_tokens, status, final_answer,
              error::text AS error, instance_id, interrupted_at, knobs::text AS knobs
            FROM query_log WHERE id = :id\
            """)
        .bind("id", id)
        .map(
            row ->
                new LoggedQuery(
                    Columns.required(row, "id", UUID.class),
                    instant(row.get("received_at", OffsetDateTime.class)),
                    row.get("completed_at", OffsetDateTime.class) == null
                        ? null
                        : instant(row.get("completed_at", OffsetDateTime.class)),
                    Columns.required(row, "question", String.class),
                    row.get("strategy", String.class),
                    row.get("k", Integer.class),
                    row.get("seed", Long.class),
                    row.get("max_tokens", Integer.class),
                    QueryStatus.fromColumn(Columns.required(row, "status", String.class)),
                    row.get("final_answer", String.class),
                    problem(row.get("error", String.class)),
                    row.get("instance_id", String.class),
                    row.get("interrupted_at", OffsetDateTime.class) == null
                        ? null
                        : instant(row.get("interrupted_at", OffsetDateTime.class)),
                    knobs(row.get("knobs", String.class))))
        .one();
  }

  @SuppressWarnings("unchecked")
  private java.util.@Nullable Map<String, Object> problem(@Nullable String error) {
    return error == null ? null : json.readValue(error, java.util.Map.class);
  }

  private @Nullable QueryKnobs knobs(@Nullable String knobs) {
    return knobs == null ? null : json.readValue(knobs, QueryKnobs.class);
  }

  private static Instant instant(@Nullable OffsetDateTime time) {
    if (time == null) {
      throw new IllegalStateException("query_log.received_at is NOT NULL but was read as null");
    }
    return time.toInstant();
  }

  private static <T> DatabaseClient.GenericExecuteSpec bindNullable(
      DatabaseClient.GenericExecuteSpec spec, String name, @Nullable T value, Class<T> type) {
    return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
  }
}
