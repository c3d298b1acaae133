package io.symposium.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Applies every migration to a real PostgreSQL and checks the schema's invariants. */
final class MigrationsIT {

  static EmbeddedPostgres postgres;
  static DataSource db;

  @BeforeAll
  static void migrate() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    db = postgres.getPostgresDatabase();
    var result =
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    assertThat(result.success).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void migrate_fromEmpty_createsEveryTable() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = db.getConnection();
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                        + " 'public'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    assertThat(tables)
        .contains(
            "models",
            "skill_keywords",
            "profile_runs",
            "profile_versions",
            "profile_scores",
            "profile_model_stats",
            "query_log",
            "query_expert_answers",
            "eval_runs",
            "eval_items",
            "batch_files",
            "batches",
            "batch_lines",
            "api_keys");
  }

  @Test
  void migrate_again_nothingToApply() {
    var again =
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    assertThat(again.migrationsExecuted).isZero();
  }

  @Test
  void profileVersions_secondActiveVersionOfATask_rejected() throws SQLException {
    try (Connection c = db.getConnection()) {
      c.createStatement()
          .execute("INSERT INTO profile_versions (task, version, active) VALUES ('mmlu', 1, true)");
      c.createStatement()
          .execute(
              "INSERT INTO profile_versions (task, version, active) VALUES ('mmlu', 2, false)");
      c.createStatement()
          .execute("INSERT INTO profile_versions (task, version, active) VALUES ('gpqa', 1, true)");
      assertThatThrownBy(
              () ->
                  c.createStatement()
                      .execute(
                          "UPDATE profile_versions SET active = true WHERE task = 'mmlu' AND"
                              + " version = 2"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("profile_versions_one_active_per_task");
    }
  }

  @Test
  void apiKeys_hashNot32BytesOrTwice_rejected() throws SQLException {
    try (Connection c = db.getConnection()) {
      c.createStatement()
          .execute(
              "INSERT INTO api_keys (name, prefix, key_hash) VALUES ('a', 'sym-a',"
                  + " decode(repeat('ab', 32), 'hex'))");
      assertThatThrownBy(
              () ->
                  c.createStatement()
                      .execute(
                          "INSERT INTO api_keys (name, prefix, key_hash) VALUES ('b', 'sym-b',"
                              + " decode(repeat('ab', 32), 'hex'))"))
          .hasMessageContaining("api_keys_key_hash_key");
      assertThatThrownBy(
              () ->
                  c.createStatement()
                      .execute(
                          "INSERT INTO api_keys (name, prefix, key_hash) VALUES ('c', 'sym-c',"
                              + " decode('abcd', 'hex'))"))
          .hasMessageContaining("api_keys_key_hash_check");
    }
  }

  @Test
  void queryExpertAnswers_unknownQuery_rejected() throws SQLException {
    try (Connection c = db.getConnection()) {
      assertThatThrownBy(
              () ->
                  c.createStatement()
                      .execute(
                          "INSERT INTO query_expert_answers (query_id, position, model_id, status)"
                              + " VALUES (gen_random_uuid(), 0, 'm', 'answered')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("query_expert_answers_query_id_fkey");
    }
  }

  @Test
  void queryLog_deleted_expertAnswersCascade() throws SQLException {
    try (Connection c = db.getConnection()) {
      c.createStatement()
          .execute(
              "INSERT INTO query_log (id, question) VALUES ('11111111-1111-1111-1111-111111111111',"
                  + " 'q')");
      c.createStatement()
          .execute(
              "INSERT INTO query_expert_answers (query_id, position, model_id, status) VALUES"
                  + " ('11111111-1111-1111-1111-111111111111', 0, 'm', 'answered')");
      c.createStatement()
          .execute("DELETE FROM query_log WHERE id = '11111111-1111-1111-1111-111111111111'");
      try (var rs =
          c.createStatement()
              .executeQuery(
                  "SELECT count(*) FROM query_expert_answers WHERE query_id ="
                      + " '11111111-1111-1111-1111-111111111111'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void batchLines_doneWithoutFinishTime_rejected() throws SQLException {
    try (Connection c = db.getConnection()) {
      c.createStatement()
          .execute(
              "INSERT INTO batches (id, input_file_id, endpoint, completion_window, status,"
                  + " instance_id) VALUES ('batch_1', 'file-1', '/v1/query', '24h', 'in_progress',"
                  + " 'i')");
      c.createStatement()
          .execute(
              "INSERT INTO batch_lines (batch_id, line_no, custom_id, status, result_id) VALUES"
                  + " ('batch_1', 1, 'a', 'pending', 'batch_req_1')");
      // a line is done only together with its result's time: no half-finished line
      assertThatThrownBy(
              () ->
                  c.createStatement()
                      .execute("UPDATE batch_lines SET status = 'done' WHERE batch_id = 'batch_1'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("batch_lines_check");
      c.createStatement().execute("DELETE FROM batches WHERE id = 'batch_1'");
      try (var rs =
          c.createStatement()
              .executeQuery("SELECT count(*) FROM batch_lines WHERE batch_id = 'batch_1'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }
}
