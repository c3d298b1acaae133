package io.symposium.orchestrator.query;

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

  public QueryLogRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Records a question as received; completes once the row is durable. */
  public Mono<LoggedQuery> insert(UUID id, QueryRequest request) {
    var spec =
        db.sql(
                """
                INSERT INTO query_log (id, question, strategy, k, seed, max_tokens, status)
                VALUES (:id, :question, :strategy, :k, :seed, :maxTokens, 'received')
                RETURNING received_at""")
            .bind("id", id)
            .bind("question", request.question());
    spec = bindNullable(spec, "strategy", request.strategy(), String.class);
    spec = bindNullable(spec, "k", request.k(), Integer.class);
    spec = bindNullable(spec, "seed", request.seed(), Long.class);
    spec = bindNullable(spec, "maxTokens", request.maxTokens(), Integer.class);
    return spec.map(row -> row.get("received_at", OffsetDateTime.class))
        .one()
        .map(
            receivedAt ->
                new LoggedQuery(
                    id,
                    receivedAt.toInstant(),
                    null,
                    request.question(),
                    request.strategy(),
                    request.k(),
                    request.seed(),
                    request.maxTokens(),
                    QueryStatus.RECEIVED,
                    null));
  }

  /** Marks how the query ended. */
  public Mono<Void> finish(UUID id, QueryStatus status) {
    return db.sql("UPDATE query_log SET status = :status, completed_at = now() WHERE id = :id")
        .bind("status", status.column())
        .bind("id", id)
        .then();
  }

  public Mono<LoggedQuery> find(UUID id) {
    return db.sql(
            """
            SELECT id, received_at, completed_at, question, strategy, k, seed, max_tokens, status, final_answer
            FROM query_log WHERE id = :id""")
        .bind("id", id)
        .map(
            row ->
                new LoggedQuery(
                    row.get("id", UUID.class),
                    instant(row.get("received_at", OffsetDateTime.class)),
                    row.get("completed_at", OffsetDateTime.class) == null ? null : instant(row.get("completed_at", OffsetDateTime.class)),
                    row.get("question", String.class),
                    row.get("strategy", String.class),
                    row.get("k", Integer.class),
                    row.get("seed", Long.class),
                    row.get("max_tokens", Integer.class),
                    QueryStatus.fromColumn(row.get("status", String.class)),
                    row.get("final_answer", String.class)))
        .one();
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
