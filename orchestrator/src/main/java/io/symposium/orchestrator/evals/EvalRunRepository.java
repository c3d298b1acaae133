package io.symposium.orchestrator.evals;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes {@code eval_runs} and {@code eval_items} (V7); the evals CLI fills them. */
@Repository
public class EvalRunRepository {
  private static final String COLUMNS =
      "id, status, request::text AS request, instance_id, phase, done, total, created_at,"
          + " started_at, finished_at, error";

  private final DatabaseClient db;
  private final JsonMapper json;

  public EvalRunRepository(DatabaseClient db, JsonMapper json) {
    this.db = db;
    this.json = json;
  }

  Mono<Void> insert(UUID id, String request, String instance) {
    return db.sql(
            "INSERT INTO eval_runs (id, status, request, instance_id) VALUES (:id, 'queued',"
                + " CAST(:request AS jsonb), :instance)")
        .bind("id", id)
        .bind("request", request)
        .bind("instance", instance)
        .then();
  }

  Mono<Void> fail(UUID id, String error) {
    return failIfUnfinished(id, error).then();
  }

  /** Marks a queued or running run failed; whether it was unfinished. */
  Mono<Boolean> failIfUnfinished(UUID id, String error) {
    return db.sql(
            "UPDATE eval_runs SET status = 'failed', finished_at = now(), error = :error WHERE id"
                + " = :id AND status IN ('queued', 'running')")
        .bind("id", id)
        .bind("error", error)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  /** Runs a previous life of this instance left unfinished: their processes died with it. */
  Mono<Long> failInterrupted(String instance) {
    return db.sql(
            "UPDATE eval_runs SET status = 'failed', finished_at = now(), error = 'the service"
                + " stopped during the run' WHERE instance_id = :instance AND status IN"
                + " ('queued', 'running')")
        .bind("instance", instance)
        .fetch()
        .rowsUpdated();
  }

  Flux<Map<String, Object>> list(int limit, int offset) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + ", summary::text AS summary FROM eval_runs ORDER BY created_at DESC, id LIMIT"
                + " :limit OFFSET :offset")
        .bind("limit", limit)
        .bind("offset", offset)
        .map(row -> view(row, row.get("summary", String.class)))
        .all();
  }

  Mono<Map<String, Object>> find(UUID id) {
    return db.sql("SELECT " + COLUMNS + ", summary::text AS summary FROM eval_runs WHERE id = :id")
        .bind("id", id)
        .map(row -> view(row, row.get("summary", String.class)))
        .one();
  }

  /** The stored report, or empty until the run is done. */
  Mono<String> report(UUID id) {
    return db.sql("SELECT report_html FROM eval_runs WHERE id = :id AND report_html IS NOT NULL")
        .bind("id", id)
        .map(row -> java.util.Objects.requireNonNull(row.get("report_html", String.class)))
        .one();
  }

  Mono<Long> items(UUID id) {
    return db.sql("SELECT count(*) AS n FROM eval_items WHERE run_id = :id")
        .bind("id", id)
        .map(row -> java.util.Objects.requireNonNull(row.get("n", Long.class)))
        .one();
  }

  private Map<String, Object> view(io.r2dbc.spi.Readable row, @Nullable String summary) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", String.valueOf(row.get("id", UUID.class)));
    out.put("status", row.get("status", String.class));
    out.put("request", parse(row.get("request", String.class)));
    out.put("instanceId", row.get("instance_id", String.class));
    Map<String, Object> progress = new LinkedHashMap<>();
    progress.put("phase", row.get("phase", String.class));
    progress.put("done", row.get("done", Integer.class));
    progress.put("total", row.get("total", Integer.class));
    out.put("progress", progress);
    out.put("createdAt", instant(row.get("created_at", OffsetDateTime.class)));
    out.put("startedAt", instant(row.get("started_at", OffsetDateTime.class)));
    out.put("finishedAt", instant(row.get("finished_at", OffsetDateTime.class)));
    out.put("error", row.get("error", String.class));
    out.put("methods", summary == null ? null : parse(summary));
    return out;
  }

  private @Nullable Object parse(@Nullable String text) {
    return text == null ? null : json.readValue(text, Object.class);
  }

  private static @Nullable String instant(@Nullable OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
