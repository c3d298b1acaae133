package io.symposium.orchestrator.batch;

import io.r2dbc.spi.Readable;
import io.symposium.orchestrator.database.Columns;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes the {@code batch_files}, {@code batches} and {@code batch_lines} tables. */
@Repository
public class BatchRepository {

  /** A file's metadata. */
  public record StoredFile(
      String id, String purpose, String filename, long bytes, Instant createdAt) {}

  /** A batch with its line counts. */
  public record StoredBatch(
      String id,
      String inputFileId,
      String endpoint,
      String completionWindow,
      BatchStatus status,
      String instanceId,
      @Nullable String metadata,
      @Nullable String errors,
      @Nullable String outputFileId,
      @Nullable String errorFileId,
      int loads,
      Instant createdAt,
      @Nullable Instant inProgressAt,
      @Nullable Instant finalizingAt,
      @Nullable Instant completedAt,
      @Nullable Instant failedAt,
      @Nullable Instant cancellingAt,
      @Nullable Instant cancelledAt,
      int total,
      int completed,
      int failed) {}

  /**
   * An input line as validation found it: a request ({@code result} null, pending) or a line that
   * is none (its error result, finished at once).
   */
  public record NewLine(
      int lineNo,
      @Nullable String customId,
      @Nullable String request,
      String resultId,
      @Nullable LineResult result) {}

  /** A line still to answer. */
  public record PendingLine(
      int lineNo, @Nullable String customId, String request, String resultId) {}

  /** An answered line, as the output and error files show it. */
  public record FinishedLine(
      int lineNo,
      @Nullable String customId,
      String resultId,
      boolean ok,
      @Nullable Integer statusCode,
      @Nullable String response,
      @Nullable String error) {}

  private static final String BATCH_COLUMNS =
      """
      b.id, b.input_file_id, b.endpoint, b.completion_window, b.status, b.instance_id, b.metadata::text AS metadata,
      b.errors::text AS errors, b.output_file_id, b.error_file_id, b.loads, b.created_at, b.in_progress_at, b.finalizing_at,
      b.completed_at, b.failed_at, b.cancelling_at, b.cancelled_at,
      (SELECT count(*) FROM batch_lines l WHERE l.batch_id = b.id) AS total,
      (SELECT count(*) FROM batch_lines l WHERE l.batch_id = b.id AND l.status = 'done') AS completed,
      (SELECT count(*) FROM batch_lines l WHERE l.batch_id = b.id AND l.status = 'error') AS failed\
      """;

  private final DatabaseClient db;
  private final TransactionalOperator tx;

  public BatchRepository(DatabaseClient db, TransactionalOperator tx) {
    this.db = db;
    this.tx = tx;
  }

  // ---- files ----

  public Mono<StoredFile> insertFile(String id, String purpose, String filename, byte[] content) {
    return db.sql(
            "INSERT INTO batch_files (id, purpose, filename, bytes, content) VALUES (:id, :purpose,"
                + " :filename, :bytes, :content) RETURNING created_at")
        .bind("id", id)
        .bind("purpose", purpose)
        .bind("filename", filename)
        .bind("bytes", (long) content.length)
        .bind("content", ByteBuffer.wrap(content))
        .map(row -> instant(row, "created_at"))
        .one()
        .map(created -> new StoredFile(id, purpose, filename, content.length, created));
  }

  public Mono<StoredFile> findFile(String id) {
    return db.sql("SELECT id, purpose, filename, bytes, created_at FROM batch_files WHERE id = :id")
        .bind("id", id)
        .map(
            row ->
                new StoredFile(
                    Columns.required(row, "id", String.class),
                    Columns.required(row, "purpose", String.class),
                    Columns.required(row, "filename", String.class),
                    Columns.required(row, "bytes", Long.class),
                    instant(row, "created_at")))
        .one();
  }

  public Mono<byte[]> fileContent(String id) {
    return db.sql("SELECT content FROM batch_files WHERE id = :id")
        .bind("id", id)
        .map(row -> bytes(Columns.required(row, "content", ByteBuffer.class)))
        .one();
  }

  /** Deletes a file; true when there was one. */
  public Mono<Boolean> deleteFile(String id) {
    return db.sql("DELETE FROM batch_files WHERE id = :id")
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  // ---- batches ----

  public Mono<StoredBatch> insertBatch(
      String id,
      String inputFileId,
      String endpoint,
      String completionWindow,
      @Nullable String metadata,
      String instanceId) {
    var spec =
        db.sql(
                "INSERT INTO batches (id, input_file_id, endpoint, completion_window, status,"
                    + " instance_id, metadata) VALUES (:id, :file, :endpoint, :window,"
                    + " 'validating', :instance, CAST(:metadata AS JSONB))")
            .bind("id", id)
            .bind("file", inputFileId)
            .bind("endpoint", endpoint)
            .bind("window", completionWindow)
            .bind("instance", instanceId);
    spec =
        metadata == null
            ? spec.bindNull("metadata", String.class)
            : spec.bind("metadata", metadata);
    return spec.then().then(findBatch(id));
  }

  public Mono<StoredBatch> findBatch(String id) {
    return db.sql("SELECT " + BATCH_COLUMNS + " FROM batches b WHERE b.id = :id")
        .bind("id", id)
        .map(BatchRepository::batch)
        .one();
  }

  /** Newest first; {@code after} is the id of the last batch of the previous page. */
  public Flux<StoredBatch> listBatches(int limit, @Nullable String after) {
    String where =
        after == null
            ? ""
            : " WHERE (b.created_at, b.id) < (SELECT a.created_at, a.id FROM batches a WHERE a.id"
                + " = :after)";
    var spec =
        db.sql(
                "SELECT "
                    + BATCH_COLUMNS
                    + " FROM batches b"
                    + where
                    + " ORDER BY b.created_at DESC, b.id DESC LIMIT :limit")
            .bind("limit", limit);
    if (after != null) {
      spec = spec.bind("after", after);
    }
    return spec.map(BatchRepository::batch).all();
  }

  /** This instance's batches that have not reached an end, oldest first. */
  public Flux<String> unfinished(String instanceId) {
    return db.sql(
            "SELECT id FROM batches WHERE instance_id = :instance AND status IN ('validating',"
                + " 'in_progress', 'finalizing', 'cancelling') ORDER BY created_at, id")
        .bind("instance", instanceId)
        .map(row -> Columns.required(row, "id", String.class))
        .all();
  }

  /**
   * The validated lines and the move to {@code in_progress}, in one transaction: a restart during
   * validation validates again from nothing.
   */
  public Mono<Void> startLines(String batchId, List<NewLine> lines) {
    Mono<Void> inserts =
        Flux.fromIterable(lines)
            .concatMap(
                line -> {
                  LineResult r = line.result();
                  var spec =
                      db.sql(
                              "INSERT INTO batch_lines (batch_id, line_no, custom_id, request,"
                                  + " status, result_id, status_code, response, error,"
                                  + " finished_at) VALUES (:batch, :line, :custom, :request,"
                                  + " :status, :result, :code, :response, :error, CASE WHEN"
                                  + " :status = 'pending' THEN NULL ELSE now() END)")
                          .bind("batch", batchId)
                          .bind("line", line.lineNo())
                          .bind("status", r == null ? "pending" : r.ok() ? "done" : "error")
                          .bind("result", line.resultId());
                  spec = nullable(spec, "custom", line.customId(), String.class);
                  spec = nullable(spec, "request", line.request(), String.class);
                  spec = nullable(spec, "code", r == null ? null : r.statusCode(), Integer.class);
                  spec = nullable(spec, "response", r == null ? null : r.response(), String.class);
                  spec = nullable(spec, "error", r == null ? null : r.error(), String.class);
                  return spec.then();
                })
            .then();
    Mono<Void> start =
        db.sql(
                "UPDATE batches SET status = 'in_progress', in_progress_at = now() WHERE id ="
                    + " :id AND status = 'validating'")
            .bind("id", batchId)
            .then();
    return tx.transactional(inserts.then(start));
  }

  /** The next pending lines, in order. */
  public Flux<PendingLine> pending(String batchId, int limit) {
    return db.sql(
            "SELECT line_no, custom_id, request, result_id FROM batch_lines WHERE batch_id = :id"
                + " AND status = 'pending' ORDER BY line_no LIMIT :limit")
        .bind("id", batchId)
        .bind("limit", limit)
        .map(
            row ->
                new PendingLine(
                    Columns.required(row, "line_no", Integer.class),
                    row.get("custom_id", String.class),
                    Columns.required(row, "request", String.class),
                    Columns.required(row, "result_id", String.class)))
        .all();
  }

  /**
   * A line's result and its done mark, one statement (so one transaction): a line already answered
   * is left as it is, and the result is false then.
   */
  public Mono<Boolean> finish(String batchId, int lineNo, LineResult result) {
    var spec =
        db.sql(
                "UPDATE batch_lines SET status = :status, status_code = :code, response ="
                    + " :response, error = :error, finished_at = now() WHERE batch_id = :batch AND"
                    + " line_no = :line AND status = 'pending'")
            .bind("batch", batchId)
            .bind("line", lineNo)
            .bind("status", result.ok() ? "done" : "error");
    spec = nullable(spec, "code", result.statusCode(), Integer.class);
    spec = nullable(spec, "response", result.response(), String.class);
    spec = nullable(spec, "error", result.error(), String.class);
    return spec.fetch().rowsUpdated().map(n -> n > 0);
  }

  /** Every answered line, in input order, for the output and error files. */
  public Flux<FinishedLine> finished(String batchId) {
    return db.sql(
            "SELECT line_no, custom_id, result_id, status, status_code, response, error FROM"
                + " batch_lines WHERE batch_id = :id AND status <> 'pending' ORDER BY line_no")
        .bind("id", batchId)
        .map(
            row ->
                new FinishedLine(
                    Columns.required(row, "line_no", Integer.class),
                    row.get("custom_id", String.class),
                    Columns.required(row, "result_id", String.class),
                    "done".equals(row.get("status", String.class)),
                    row.get("status_code", Integer.class),
                    row.get("response", String.class),
                    row.get("error", String.class)))
        .all();
  }

  public Mono<Void> addLoads(String batchId, long loads) {
    return db.sql("UPDATE batches SET loads = loads + :loads WHERE id = :id")
        .bind("id", batchId)
        .bind("loads", (int) loads)
        .then();
  }

  /** Moves a batch on to {@code finalizing}, from running only. */
  public Mono<Void> finalizing(String batchId) {
    return db.sql(
            "UPDATE batches SET status = 'finalizing', finalizing_at = now() WHERE id = :id AND"
                + " status = 'in_progress'")
        .bind("id", batchId)
        .then();
  }

  /**
   * Asks a batch to stop: {@code cancelling} from validating or running; true when it was so moved.
   */
  public Mono<Boolean> cancel(String batchId) {
    return db.sql(
            "UPDATE batches SET status = 'cancelling', cancelling_at = now() WHERE id = :id AND"
                + " status IN ('validating', 'in_progress')")
        .bind("id", batchId)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  /**
   * The batch's end: its output and error files (either may be absent) and its final status, in one
   * transaction.
   */
  public Mono<Void> end(
      String batchId,
      BatchStatus status,
      @Nullable NewFile output,
      @Nullable NewFile errors,
      @Nullable String batchErrors) {
    Mono<Void> files =
        Flux.fromIterable(
                java.util.stream.Stream.of(output, errors).filter(f -> f != null).toList())
            .concatMap(f -> insertFile(f.id(), "batch_output", f.filename(), f.content()))
            .then();
    String at =
        switch (status) {
          case COMPLETED -> "completed_at";
          case CANCELLED -> "cancelled_at";
          case FAILED -> "failed_at";
          default -> throw new IllegalArgumentException(status + " is no end of a batch");
        };
    var spec =
        db.sql(
                "UPDATE batches SET status = :status, "
                    + at
                    + " = now(), output_file_id = :output, error_file_id = :errors, errors ="
                    + " CAST(:batchErrors AS JSONB) WHERE id = :id")
            .bind("id", batchId)
            .bind("status", status.id());
    spec = nullable(spec, "output", output == null ? null : output.id(), String.class);
    spec = nullable(spec, "errors", errors == null ? null : errors.id(), String.class);
    spec = nullable(spec, "batchErrors", batchErrors, String.class);
    return tx.transactional(files.then(spec.then()));
  }

  /** A file a batch writes. */
  public record NewFile(String id, String filename, byte[] content) {}

  // ---- rows ----

  private static StoredBatch batch(Readable row) {
    return new StoredBatch(
        Columns.required(row, "id", String.class),
        Columns.required(row, "input_file_id", String.class),
        Columns.required(row, "endpoint", String.class),
        Columns.required(row, "completion_window", String.class),
        BatchStatus.fromId(Columns.required(row, "status", String.class)),
        Columns.required(row, "instance_id", String.class),
        row.get("metadata", String.class),
        row.get("errors", String.class),
        row.get("output_file_id", String.class),
        row.get("error_file_id", String.class),
        Columns.required(row, "loads", Integer.class),
        instant(row, "created_at"),
        optionalInstant(row, "in_progress_at"),
        optionalInstant(row, "finalizing_at"),
        optionalInstant(row, "completed_at"),
        optionalInstant(row, "failed_at"),
        optionalInstant(row, "cancelling_at"),
        optionalInstant(row, "cancelled_at"),
        Columns.required(row, "total", Long.class).intValue(),
        Columns.required(row, "completed", Long.class).intValue(),
        Columns.required(row, "failed", Long.class).intValue());
  }

  private static Instant instant(Readable row, String column) {
    return Columns.required(row, column, OffsetDateTime.class).toInstant();
  }

  private static @Nullable Instant optionalInstant(Readable row, String column) {
    OffsetDateTime time = row.get(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static <T> DatabaseClient.GenericExecuteSpec nullable(
      DatabaseClient.GenericExecuteSpec spec, String name, @Nullable T value, Class<T> type) {
    return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
  }
}
