package io.symposium.evals.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A run's row in {@code eval_runs} and its items in {@code eval_items} (migration V7), over plain
 * JDBC: the CLI runs without Spring. Progress is throttled to two updates a second so a fast phase
 * does not turn into a write load; the last unit of a phase is always written.
 */
public final class EvalStore implements AutoCloseable, ProgressListener {
  static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;
  private static final int BATCH = 500;

  private final Connection connection;
  private final UUID runId;
  private final ObjectMapper json = new ObjectMapper();
  private long lastProgress;
  private String lastPhase = "";

  private EvalStore(Connection connection, UUID runId) {
    this.connection = connection;
    this.runId = runId;
  }

  /**
   * Opens the store for {@code runId}: updates the row when it exists (the service created it),
   * else creates it with {@code request}, and marks it running.
   */
  public static EvalStore open(
      String jdbcUrl, String user, String password, UUID runId, JsonNode request) {
    try {
      Connection c = DriverManager.getConnection(jdbcUrl, user, password);
      c.setAutoCommit(true);
      EvalStore store = new EvalStore(c, runId);
      store.start(request);
      return store;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot store the run in " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  public UUID runId() {
    return runId;
  }

  private void start(JsonNode request) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            """
            INSERT INTO eval_runs (id, status, request, started_at) VALUES (?, 'running', ?::jsonb, now())
            ON CONFLICT (id) DO UPDATE SET status = 'running', started_at = now()
            """)) {
      s.setObject(1, runId);
      s.setString(2, json.writeValueAsString(request));
      s.executeUpdate();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public synchronized void progress(String phase, int done, int total) {
    long now = System.nanoTime();
    boolean boundary = !phase.equals(lastPhase) || done >= total;
    if (!boundary && now - lastProgress < PROGRESS_INTERVAL_NANOS) return;
    lastProgress = now;
    lastPhase = phase;
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE eval_runs SET phase = ?, done = ?, total = ? WHERE id = ? AND status ="
                + " 'running'")) {
      s.setString(1, phase);
      s.setInt(2, Math.max(0, done));
      s.setInt(3, Math.max(0, total));
      s.setObject(4, runId);
      s.executeUpdate();
    } catch (SQLException e) {
      // progress is advisory: a lost update must not fail an hour's run
      System.err.println("warning: cannot store progress: " + e.getMessage());
    }
  }

  /**
   * Stores the finished run: its items (read from the items.jsonl {@link RunWriter} wrote into
   * {@code dir}, so the table and the file hold the same rows), summary, manifest and report.
   */
  public void finish(List<MethodSummary> summaries, Path dir) {
    try {
      connection.setAutoCommit(false);
      try (PreparedStatement del =
          connection.prepareStatement("DELETE FROM eval_items WHERE run_id = ?")) {
        del.setObject(1, runId);
        del.executeUpdate();
      }
      insertItems(dir.resolve("items.jsonl"));
      try (PreparedStatement s =
          connection.prepareStatement(
              """
              UPDATE eval_runs SET status = 'done', finished_at = now(), error = NULL,
                     summary = ?::jsonb, manifest = ?::jsonb, report_html = ?
              WHERE id = ?
              """)) {
        s.setString(1, json.writeValueAsString(summary(summaries)));
        s.setString(2, Files.readString(dir.resolve("manifest.json")));
        s.setString(3, Files.readString(dir.resolve("report.html")));
        s.setObject(4, runId);
        s.executeUpdate();
      }
      connection.commit();
    } catch (SQLException | IOException e) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // the failure below says what went wrong
      }
      throw new IllegalStateException("cannot store the finished run: " + e.getMessage(), e);
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the connection is closed next
      }
    }
  }

  /** Marks the run failed with {@code message}. */
  public void fail(String message) {
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE eval_runs SET status = 'failed', finished_at = now(), error = ? WHERE id ="
                + " ?")) {
      s.setString(1, message);
      s.setObject(2, runId);
      s.executeUpdate();
    } catch (SQLException e) {
      System.err.println("warning: cannot mark the run failed: " + e.getMessage());
    }
  }

  /** Per method × aggregation: accuracy with its spread and interval, and the cost. */
  ArrayNode summary(List<MethodSummary> summaries) {
    ArrayNode methods = json.createArrayNode();
    for (MethodSummary m : summaries) {
      ObjectNode o = methods.addObject();
      o.put("label", m.label()).put("method", m.method()).put("aggregation", m.aggregation().id());
      o.put("items", m.items()).put("accuracy", m.mean()).put("std", m.std());
      o.put("ciLow", m.ciLow()).put("ciHigh", m.ciHigh());
      o.put("expertCalls", m.expertCalls()).put("aggregatorCalls", m.aggregatorCalls());
      o.put("tokens", m.tokens()).put("loads", m.loads()).put("millis", m.millis());
      o.put("unanswerable", m.unanswerable());
      m.perSeed().forEach(o.putArray("perSeed")::add);
      m.perSkill().forEach(o.putObject("perSkill")::put);
      m.perTask().forEach(o.putObject("perTask")::put);
    }
    return methods;
  }

  private void insertItems(Path jsonl) throws SQLException, IOException {
    try (BufferedReader lines = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8);
        PreparedStatement s =
            connection.prepareStatement(
                """
                INSERT INTO eval_items (run_id, label, seed, item, task, skill, question, gold,
                    final_answer, correct, unanswerable, expert_calls, tokens, ms, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                """)) {
      int pending = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) continue;
        JsonNode o = json.readTree(line);
        s.setObject(1, runId);
        s.setString(2, o.path("label").asText());
        s.setLong(3, o.path("seed").asLong());
        s.setInt(4, o.path("item").asInt());
        s.setString(5, o.path("task").asText());
        s.setString(6, o.path("skill").asText());
        s.setString(7, o.path("question").asText());
        s.setString(8, o.path("gold").asText());
        setText(s, 9, o.path("final_answer"));
        s.setBoolean(10, o.path("correct").asBoolean());
        s.setBoolean(11, o.path("unanswerable").asBoolean());
        s.setInt(12, o.path("expert_calls").asInt());
        s.setLong(13, o.path("prompt_tokens").asLong() + o.path("completion_tokens").asLong());
        s.setLong(14, o.path("ms").asLong());
        s.setString(15, line);
        s.addBatch();
        if (++pending == BATCH) {
          s.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) s.executeBatch();
    }
  }

  private static void setText(PreparedStatement s, int index, @Nullable JsonNode value)
      throws SQLException {
    if (value == null || value.isNull() || value.isMissingNode()) s.setNull(index, Types.VARCHAR);
    else s.setString(index, value.asText());
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
