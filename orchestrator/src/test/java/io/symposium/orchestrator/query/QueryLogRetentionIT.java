package io.symposium.orchestrator.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.config.QueryLogProperties;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retention deletes exactly the queries older than the cutoff, in batches, answers included. */
final class QueryLogRetentionIT {

  static MigratedDatabase database;

  @BeforeAll
  static void start() throws Exception {
    database = MigratedDatabase.start();
  }

  @AfterAll
  static void stop() throws Exception {
    database.close();
  }

  @Test
  void purge_olderThanCutoff_deletedInBatchesWithTheirAnswers_newerKept() {
    // 2,500 queries from 40 days ago, each with an expert answer, and 10 from now
    database
        .db
        .sql(
            "INSERT INTO query_log (id, question, status, received_at) SELECT gen_random_uuid(),"
                + " 'old ' || g, 'answered', now() - interval '40 days' FROM generate_series(1,"
                + " 2500) g")
        .then()
        .block();
    database
        .db
        .sql(
            "INSERT INTO query_expert_answers (query_id, position, model_id, status) SELECT id, 0,"
                + " 'm', 'answered' FROM query_log")
        .then()
        .block();
    database
        .db
        .sql(
            "INSERT INTO query_log (id, question, status) SELECT gen_random_uuid(), 'new ' || g,"
                + " 'received' FROM generate_series(1, 10) g")
        .then()
        .block();
    QueryLogRetention retention =
        new QueryLogRetention(
            database.db, new QueryLogProperties(Duration.ofDays(30), Duration.ofMinutes(10), 1000));

    Long deleted = retention.purgeOlderThan(Instant.now().minus(Duration.ofDays(30))).block();

    assertThat(deleted).isEqualTo(2500);
    assertThat(count("SELECT count(*) AS n FROM query_log")).isEqualTo(10);
    assertThat(count("SELECT count(*) AS n FROM query_log WHERE question LIKE 'old %'")).isZero();
    assertThat(count("SELECT count(*) AS n FROM query_expert_answers")).isZero();
    assertThat(retention.purgeOlderThan(Instant.now().minus(Duration.ofDays(30))).block()).isZero();
  }

  private static long count(String sql) {
    return database.db.sql(sql).map(row -> row.get("n", Long.class)).one().block();
  }
}
