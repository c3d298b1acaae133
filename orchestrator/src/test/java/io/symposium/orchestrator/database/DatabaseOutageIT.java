package io.symposium.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.testing.RunningService;
import io.symposium.orchestrator.testing.ServiceProcesses;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's database (a PostgreSQL of this test's own, never CI's shared one) stops while the
 * service runs: queries answer a retriable 503 problem at once, health says the database is DOWN,
 * and once the server is back the service serves again by itself.
 */
final class DatabaseOutageIT {

  /** Past the pool's 5 s acquire and connect timeouts, with room for a loaded machine. */
  static final Duration ANSWERED_WITHIN = Duration.ofSeconds(20);

  /** The database's component in the health body, up to its status (details come first). */
  static final String R2DBC_STATUS = "\"r2dbc\":\\{\"details\":\\{[^}]*\\},\"status\":\"";

  @TempDir Path dir;
  @Nullable EmbeddedPostgres postgres;
  @Nullable RunningService service;

  @AfterEach
  void stopEverything() throws Exception {
    if (service != null) {
      service.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void databaseStopsAndReturns_503WithRetryAfterWhileAway_thenServesAgain() throws Exception {
    int dbPort = ServiceProcesses.freePort();
    postgres = startPostgres(dbPort);
    service =
        RunningService.start(
            dir,
            ServiceProcesses.freePort(),
            Duration.ofSeconds(90),
            "--symposium.db.url=jdbc:postgresql://localhost:" + dbPort + "/postgres",
            "--symposium.db.username=postgres",
            "--symposium.db.password=");
    String unknownQuery = "/v1/queries/" + UUID.randomUUID();
    assertThat(service.get(unknownQuery).statusCode()).isEqualTo(404);

    postgres.close();
    postgres = null;

    long begin = System.nanoTime();
    HttpResponse<String> away = service.get(unknownQuery);
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    assertThat(took).as("no hang while the database is away").isLessThan(ANSWERED_WITHIN);
    assertThat(away.statusCode()).isEqualTo(503);
    assertThat(away.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(away.headers().firstValue("retry-after")).isPresent();
    assertThat(away.body())
        .contains("\"type\":\"/problems/database-unavailable\"")
        .contains("\"retriable\":true")
        .doesNotContain("\tat ");
    HttpResponse<String> query =
        service.post(
            "/v1/query", "{\"question\": \"What is 2 + 2?\"}", ANSWERED_WITHIN.plusSeconds(10));
    assertThat(query.statusCode()).isEqualTo(503);
    assertThat(query.body()).contains("/problems/database-unavailable");
    assertThat(service.get("/admin/api/queries").statusCode()).isEqualTo(503);
    HttpResponse<String> health = service.get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).containsPattern(R2DBC_STATUS + "DOWN");

    postgres = startPostgres(dbPort);

    assertThat(poll(unknownQuery, r -> r.statusCode() == 404))
        .as("serving again once the database is back")
        .isTrue();
    assertThat(service.get("/actuator/health").body()).containsPattern(R2DBC_STATUS + "UP");
    assertThat(service.output()).doesNotContain("\tat io.symposium");
  }

  /** The test's server, on the same data directory and port each time. */
  private EmbeddedPostgres startPostgres(int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir.resolve("postgres"))
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private boolean poll(String path, Predicate<HttpResponse<String>> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (done.test(service().get(path))) {
        return true;
      }
      Thread.sleep(500); // a poll: the pool reconnects on the next request that needs it
    }
    return false;
  }

  private RunningService service() {
    if (service == null) {
      throw new IllegalStateException("no service");
    }
    return service;
  }
}
