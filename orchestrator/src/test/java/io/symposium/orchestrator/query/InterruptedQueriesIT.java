package io.symposium.orchestrator.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * An instance that starts again marks the queries its earlier run left unfinished as interrupted,
 * and nobody else's, on a real PostgreSQL with the real migrations.
 */
final class InterruptedQueriesIT {

  static final Duration WAIT = Duration.ofSeconds(10);
  static MigratedDatabase database;

  static final QueryRequest QUESTION =
      new QueryRequest("Capital of France?", null, null, null, null, null, null, null);

  @BeforeAll
  static void database() throws IOException {
    database = MigratedDatabase.start();
  }

  @AfterAll
  static void close() throws IOException {
    database.close();
  }

  static QueryLogRepository logOf(ServiceInstance instance) {
    return new QueryLogRepository(database.db, database.tx, JsonMapper.builder().build(), instance);
  }

  @Test
  void markInterrupted_restartedInstance_onlyItsEarlierUnfinishedQueries() throws Exception {
    ServiceInstance earlierRun = new ServiceInstance("node-a", Instant.now());
    ServiceInstance other = new ServiceInstance("node-b", Instant.now());
    UUID unfinished = UUID.randomUUID();
    UUID answeredEarlier = UUID.randomUUID();
    UUID othersUnfinished = UUID.randomUUID();
    logOf(earlierRun).insert(unfinished, QUESTION).block(WAIT);
    logOf(earlierRun).insert(answeredEarlier, QUESTION).block(WAIT);
    logOf(earlierRun).cancelled(answeredEarlier).block(WAIT);
    logOf(other).insert(othersUnfinished, QUESTION).block(WAIT);
    Thread.sleep(5); // the restart begins strictly after those were received
    ServiceInstance restarted = new ServiceInstance("node-a", Instant.now());
    UUID receivedByTheNewRun = UUID.randomUUID();
    QueryLogRepository log = logOf(restarted);
    log.insert(receivedByTheNewRun, QUESTION).block(WAIT);

    Long marked = log.markInterrupted(restarted).block(WAIT);

    assertThat(marked).isEqualTo(1);
    LoggedQuery interrupted = log.find(unfinished).block(WAIT);
    assertThat(interrupted.status()).isEqualTo(QueryStatus.INTERRUPTED);
    assertThat(interrupted.interruptedAt()).isAfterOrEqualTo(restarted.startedAt());
    assertThat(interrupted.instanceId()).isEqualTo("node-a");
    assertThat(log.find(answeredEarlier).block(WAIT).status()).isEqualTo(QueryStatus.CANCELLED);
    assertThat(log.find(othersUnfinished).block(WAIT).status()).isEqualTo(QueryStatus.RECEIVED);
    assertThat(log.find(receivedByTheNewRun).block(WAIT).status()).isEqualTo(QueryStatus.RECEIVED);
  }

  @Test
  void serviceInstance_blankId_hostAndPort() {
    ServiceInstance instance = ServiceInstance.current(" ", 8123);

    assertThat(instance.id()).endsWith(":8123").hasSizeGreaterThan(":8123".length());
    assertThat(ServiceInstance.current("node-7", 8123).id()).isEqualTo("node-7");
  }
}
