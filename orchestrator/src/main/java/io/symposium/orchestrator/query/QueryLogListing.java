package io.symposium.orchestrator.query;

import io.symposium.orchestrator.database.Columns;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query log as the admin UI reads it: pages of recent queries (newest first) and one query's
 * whole record, routing and timings included.
 */
@Repository
public class QueryLogListing {

  /** The largest page the list serves. */
  public static final int MAX_PAGE_SIZE = 100;

  private final DatabaseClient db;
  private final JsonMapper json;

  public QueryLogListing(DatabaseClient db, JsonMapper json) {
    this.db = db;
    this.json = json;
  }

  /**
   * One page of the log.
   *
   * @param page 0, 1, … (newest first)
   * @param size 1 to {@link #MAX_PAGE_SIZE}
   * @param status only queries in this status (any case), or all
   */
  public Mono<Map<String, Object>> page(int page, int size, @Nullable String status) {
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      return Mono.error(
          new ApiProblemException(
              ProblemType.INVALID_REQUEST,
              "page must be >= 0 and size 1 to "
                  + MAX_PAGE_SIZE
                  + ", got page %d, size %d".formatted(page, size)));
    }
    String column;
    try {
      column = status == null ? null : QueryStatus.valueOf(status.toUpperCase(Locale.ROOT)).name();
    } catch (IllegalArgumentException e) {
      return Mono.error(
          new ApiProblemException(
              ProblemType.INVALID_REQUEST,
              "unknown status '"
                  + status
                  + "'; use one of "
                  + Arrays.toString(QueryStatus.values()),
              Map.of("statusFilter", status)));
    }
    String where = column == null ? "" : " WHERE q.status = :status";
    var count = db.sql("SELECT count(*) AS total FROM query_log q" + where);
    var items =
        db.sql(
                """
                SELECT q.id, q.received_at, q.completed_at, q.status, q.question, q.strategy, q.k,
                  ARRAY(SELECT a.model_id FROM query_expert_answers a WHERE a.query_id = q.id
                        ORDER BY a.position) AS experts
                FROM query_log q\
                """
                    + where
                    + " ORDER BY q.received_at DESC, q.id LIMIT :size OFFSET :offset")
            .bind("size", size)
            .bind("offset", (long) page * size);
    if (column != null) {
      String value = column.toLowerCase(Locale.ROOT);
      count = count.bind("status", value);
      items = items.bind("status", value);
    }
    return count
        .map(row -> Columns.required(row, "total", Long.class))
        .one()
        .zipWith(
            items
                .map(
                    row -> {
                      Map<String, Object> item = new LinkedHashMap<>();
                      OffsetDateTime received =
                          Columns.required(row, "received_at", OffsetDateTime.class);
                      OffsetDateTime completed = row.get("completed_at", OffsetDateTime.class);
                      item.put("id", Columns.required(row, "id", UUID.class));
                      item.put("receivedAt", received.toInstant());
                      item.put("completedAt", completed == null ? null : completed.toInstant());
                      item.put(
                          "status",
                          Columns.required(row, "status", String.class).toUpperCase(Locale.ROOT));
                      item.put("question", Columns.required(row, "question", String.class));
                      item.put("strategy", row.get("strategy", String.class));
                      item.put("k", row.get("k", Integer.class));
                      String[] experts = row.get("experts", String[].class);
                      item.put("experts", experts == null ? List.of() : List.of(experts));
                      item.put(
                          "latencyMillis",
                          completed == null
                              ? null
                              : Duration.between(received, completed).toMillis());
                      return item;
                    })
                .all()
                .collectList())
        .map(
            t -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("page", page);
              out.put("size", size);
              out.put("total", t.getT1());
              out.put("items", t.getT2());
              return out;
            });
  }

  /** Everything the log holds about one query, with each expert's part; empty when unknown. */
  public Mono<Map<String, Object>> record(UUID id) {
    Mono<List<Map<String, Object>>> experts =
        db.sql(
                """
                SELECT position, model_id, status, answer, extracted_answer, replaces_model, error,
                  prompt_tokens, completion_tokens, latency_ms
                FROM query_expert_answers WHERE query_id = :id ORDER BY position\
                """)
            .bind("id", id)
            .map(
                row -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("model", row.get("model_id", String.class));
                  m.put("status", row.get("status", String.class));
                  m.put("answer", row.get("answer", String.class));
                  m.put("extracted", row.get("extracted_answer", String.class));
                  m.put("replaces", row.get("replaces_model", String.class));
                  m.put("error", row.get("error", String.class));
                  m.put("promptTokens", row.get("prompt_tokens", Integer.class));
                  m.put("completionTokens", row.get("completion_tokens", Integer.class));
                  m.put("latencyMillis", row.get("latency_ms", Long.class));
                  return m;
                })
            .all()
            .collectList();
    return db.sql(
            """
            SELECT id, received_at, completed_at, question, task_format, strategy, k, seed,
              max_tokens, status, final_answer, extracted_answer, aggregator_model, instance_id,
              interrupted_at, skills::text AS skills, routing::text AS routing,
              timings::text AS timings, error::text AS error, knobs::text AS knobs
            FROM query_log WHERE id = :id\
            """)
        .bind("id", id)
        .map(
            row -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("id", Columns.required(row, "id", UUID.class));
              out.put(
                  "receivedAt",
                  Columns.required(row, "received_at", OffsetDateTime.class).toInstant());
              out.put("completedAt", instant(row.get("completed_at", OffsetDateTime.class)));
              out.put("question", Columns.required(row, "question", String.class));
              out.put("taskFormat", row.get("task_format", String.class));
              out.put("strategy", row.get("strategy", String.class));
              out.put("k", row.get("k", Integer.class));
              out.put("seed", row.get("seed", Long.class));
              out.put("maxTokens", row.get("max_tokens", Integer.class));
              out.put(
                  "status", Columns.required(row, "status", String.class).toUpperCase(Locale.ROOT));
              out.put("finalAnswer", row.get("final_answer", String.class));
              out.put("extractedAnswer", row.get("extracted_answer", String.class));
              out.put("aggregatorModel", row.get("aggregator_model", String.class));
              out.put("instanceId", row.get("instance_id", String.class));
              out.put("interruptedAt", instant(row.get("interrupted_at", OffsetDateTime.class)));
              for (String column : List.of("skills", "routing", "timings", "error", "knobs")) {
                out.put(column, parsed(row.get(column, String.class)));
              }
              return out;
            })
        .one()
        .zipWith(experts)
        .map(
            t -> {
              t.getT1().put("experts", t.getT2());
              return t.getT1();
            });
  }

  private @Nullable Object parsed(@Nullable String jsonb) {
    return jsonb == null ? null : json.readValue(jsonb, Object.class);
  }

  private static java.time.@Nullable Instant instant(@Nullable OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
