package io.symposium.evals.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EvalStore on a real PostgreSQL with the service's migrations (V7's tables). */
class EvalStoreIT {
  static EmbeddedPostgres postgres;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
    url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void storesProgressItemsSummaryAndReport(@TempDir Path dir) throws Exception {
    UUID id = UUID.randomUUID();
    var request = new ObjectMapper().createObjectNode().put("dataset", "zoo");
    Files.writeString(
        dir.resolve("items.jsonl"),
        """
        {"label":"coe","method":"coe","aggregation":"single","seed":0,"item":3,"task":"t","skill":"math","question":"1+1?","gold":"2","final_answer":"2","correct":true,"unanswerable":false,"expert_calls":1,"prompt_tokens":10,"completion_tokens":2,"ms":5}
        {"label":"coe","method":"coe","aggregation":"single","seed":0,"item":4,"task":"t","skill":"law","question":"q","gold":"A","final_answer":null,"correct":false,"unanswerable":true,"expert_calls":0,"prompt_tokens":0,"completion_tokens":0,"ms":0}
        """);
    Files.writeString(dir.resolve("manifest.json"), "{\"git_commit\":\"abc\"}");
    Files.writeString(dir.resolve("report.html"), "<html>report</html>");
    MethodSummary summary =
        new MethodSummary(
            "coe",
            "coe",
            Aggregation.MAJORITY,
            2,
            List.of(0.5),
            0.5,
            0,
            0,
            1,
            Map.of("t", 0.5),
            Map.of("math", 1.0, "law", 0.0),
            0.5,
            0,
            6,
            1,
            5,
            1);
    try (EvalStore store = EvalStore.open(url, "postgres", "", id, request)) {
      store.progress("experts", 0, 10);
      assertThat(row(id, "phase || ':' || done || '/' || total")).isEqualTo("experts:0/10");
      store.progress("experts", 10, 10); // a phase's last unit is always written
      assertThat(row(id, "status || ':' || done || '/' || total")).isEqualTo("running:10/10");
      store.finish(List.of(summary), dir);
    }
    assertThat(row(id, "status")).isEqualTo("done");
    assertThat(row(id, "report_html")).isEqualTo("<html>report</html>");
    assertThat(row(id, "manifest->>'git_commit'")).isEqualTo("abc");
    assertThat(row(id, "summary->0->>'accuracy'")).isEqualTo("0.5");
    assertThat(row(id, "request->>'dataset'")).isEqualTo("zoo");
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*), sum(tokens), count(final_answer), bool_or(unanswerable)"
                    + " FROM eval_items WHERE run_id = ?")) {
      s.setObject(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        assertThat(r.getInt(1)).isEqualTo(2);
        assertThat(r.getLong(2)).isEqualTo(12);
        assertThat(r.getInt(3)).isEqualTo(1);
        assertThat(r.getBoolean(4)).isTrue();
      }
    }
  }

  @Test
  void updatesTheRowTheServiceCreatedAndRecordsAFailure() throws Exception {
    UUID id = UUID.randomUUID();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO eval_runs (id, status, request) VALUES (?, 'queued',"
                    + " '{\"dataset\":\"zoo\",\"limit\":1}')")) {
      s.setObject(1, id);
      s.executeUpdate();
    }
    try (EvalStore store =
        EvalStore.open(url, "postgres", "", id, new ObjectMapper().createObjectNode())) {
      assertThat(row(id, "status")).isEqualTo("running");
      store.fail("the pool broke");
    }
    assertThat(row(id, "status || ':' || error")).isEqualTo("failed:the pool broke");
    assertThat(row(id, "request->>'limit'")).isEqualTo("1"); // the service's request is kept
    assertThat(row(id, "finished_at IS NOT NULL")).isEqualTo("t");
  }

  private static String row(UUID id, String expression) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT " + expression + " FROM eval_runs WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return r.getString(1);
      }
    }
  }
}
