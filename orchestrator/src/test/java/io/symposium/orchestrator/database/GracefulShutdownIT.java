package io.symposium.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.testing.RunningService;
import io.symposium.orchestrator.testing.ServiceProcesses;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.GgufVocabulary;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service, answering queries from one slow expert, gets a SIGTERM while queries are still
 * queued and running: each is answered or recorded interrupted, and the service leaves no worker,
 * watchdog or PostgreSQL process behind.
 */
final class GracefulShutdownIT {

  static final Duration UP_WITHIN = Duration.ofSeconds(90);
  static final int QUERIES = 6;
  static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

  @TempDir Path dir;
  final List<RunningService> services = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (RunningService service : services) {
      service.close();
    }
    ServiceProcesses.postmasterPid(dataDir())
        .flatMap(ProcessHandle::of)
        .filter(p -> DataDirectoryGuard.isPostgresOn(p, dataDir()))
        .ifPresent(ProcessHandle::destroy);
  }

  @Test
  void sigtermWithQueriesInFlight_eachAnsweredOrInterrupted_noProcessLeft() throws Exception {
    Path models = Files.createDirectories(dir.resolve("models"));
    // wide enough that 200 tokens take a while on one thread, so the queue is still full at SIGTERM
    ModelShape shape =
        ModelShape.dense(256, 4, 4, 1024, GgufVocabulary.CHAR_LEVEL_SIZE).withContextLength(512);
    GgufModels.writeRandom(models.resolve("slow.gguf"), shape, WeightType.F32, 5);
    int dbPort = ServiceProcesses.freePort();
    RunningService service =
        start(
            "shutdown-it",
            dbPort,
            "--symposium.pool.model-directories=" + models,
            "--symposium.models[0].id=slow",
            "--symposium.models[0].path=" + models.resolve("slow.gguf"),
            "--symposium.models[0].context-size=512",
            "--symposium.models[0].threads=1",
            "--symposium.models[0].parallel-slots=1",
            // a short grace period: the queue of queries cannot drain within it
            "--spring.lifecycle.timeout-per-shutdown-phase=3s");
    assertThat(
            service
                .post(
                    "/admin/api/profiles/import",
                    "{\"task\": \"shutdown\", \"profiles\": {\"slow\": {\"arithmetic\": 2}}}",
                    Duration.ofSeconds(30))
                .statusCode())
        .isEqualTo(201);

    // a warm service: what the first query initialises lazily (tokenizer, encoder) is there
    assertThat(
            service
                .post(
                    "/v1/query",
                    "{\"question\": \"What is 1 + 1?\", \"task\": \"shutdown\", \"k\": 1,"
                        + " \"maxTokens\": 2}",
                    Duration.ofMinutes(2))
                .statusCode())
        .isEqualTo(200);

    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < QUERIES; i++) {
      answers.add(
          java.net.http.HttpClient.newHttpClient()
              .sendAsync(
                  service.postRequest(
                      "/v1/query",
                      "{\"question\": \"What is "
                          + i
                          + " + 2?\", \"task\": \"shutdown\", \"k\": 1, \"maxTokens\": 200}",
                      Duration.ofMinutes(2)),
                  HttpResponse.BodyHandlers.ofString()));
    }
    // every query acknowledged (in the log) and some not finished: they are in flight now
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, Integer> before = statuses(dbPort, "shutdown-it");
    while (before.values().stream().mapToInt(Integer::intValue).sum() < QUERIES + 1
        && System.nanoTime() < deadline) {
      Thread.sleep(100); // a poll of the log
      before = statuses(dbPort, "shutdown-it");
    }
    assertThat(before.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(QUERIES + 1);
    assertThat(before.getOrDefault("received", 0)).as("queries in flight at SIGTERM").isPositive();
    List<ProcessHandle> children = service.process().descendants().toList();
    ProcessHandle postgres =
        ProcessHandle.of(ServiceProcesses.postmasterPid(dataDir()).orElseThrow()).orElseThrow();
    // pg_ctl daemonizes the postmaster, so it is no child: it is watched through its lock file
    assertThat(children).as("the worker and the watchdog").hasSizeGreaterThanOrEqualTo(2);

    service.process().destroy(); // SIGTERM

    assertThat(service.process().waitFor(60, TimeUnit.SECONDS))
        .as("the service stops on SIGTERM")
        .isTrue();
    String shutdownLog = service.output();
    for (ProcessHandle child : children) {
      assertThat(child.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
          .as("child %d (%s) has exited", child.pid(), child.info().command().orElse("?"))
          .isNotNull();
    }
    // pg_ctl stop -w returns once the lock file is gone, the postmaster exits a moment later
    assertThat(postgres.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
        .as("the embedded PostgreSQL has stopped")
        .isNotNull();
    assertThat(ServiceProcesses.postmasterPid(dataDir())).as("its lock file is gone").isEmpty();
    assertThat(shutdownLog)
        .contains("Graceful shutdown complete")
        .doesNotContain("\tat io.symposium")
        .doesNotContain("could not mark");

    List<String> answered = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> response = answer.handle((r, e) -> r).get(30, TimeUnit.SECONDS);
      if (response != null && response.statusCode() == 200) {
        Matcher id = ID.matcher(response.body());
        assertThat(id.find()).as("an answer names its query: %s", response.body()).isTrue();
        answered.add(id.group(1));
      }
    }
    // another instance on the same data directory: its start-up marks nothing of shutdown-it's
    start("reader", dbPort);
    Map<String, Integer> after = statuses(dbPort, "shutdown-it");
    assertThat(after.keySet())
        .as("every query answered or interrupted")
        .isSubsetOf("answered", "interrupted");
    assertThat(after.getOrDefault("answered", 0)).isEqualTo(answered.size() + 1);
    assertThat(after.getOrDefault("interrupted", 0)).isEqualTo(QUERIES - answered.size());
    for (String id : answered) {
      assertThat(status(dbPort, id)).isEqualTo("answered");
    }
    assertThat(interruptedWithoutTime(dbPort)).isZero();
  }

  private Path dataDir() {
    return dir.resolve("postgres");
  }

  private RunningService start(String instance, int dbPort, String... extra) throws Exception {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--symposium.db.embedded.data-dir=" + dataDir(),
                "--symposium.db.embedded.port=" + dbPort,
                "--symposium.instance-id=" + instance));
    arguments.addAll(List.of(extra));
    RunningService service =
        RunningService.start(
            dir, ServiceProcesses.freePort(), UP_WITHIN, arguments.toArray(String[]::new));
    services.add(service);
    return service;
  }

  private static java.sql.Connection connect(int dbPort) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", "");
  }

  /** How many of an instance's queries have each status. */
  private static Map<String, Integer> statuses(int dbPort, String instance) throws SQLException {
    try (var connection = connect(dbPort);
        var select =
            connection.prepareStatement(
                "SELECT status, count(*) FROM query_log WHERE instance_id = ? GROUP BY status")) {
      select.setString(1, instance);
      Map<String, Integer> counts = new HashMap<>();
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString(1), rows.getInt(2));
        }
      }
      return counts;
    }
  }

  private static String status(int dbPort, String id) throws SQLException {
    try (var connection = connect(dbPort);
        var select =
            connection.prepareStatement("SELECT status FROM query_log WHERE id = ?::uuid")) {
      select.setString(1, id);
      try (var rows = select.executeQuery()) {
        return rows.next() ? rows.getString(1) : "missing";
      }
    }
  }

  private static int interruptedWithoutTime(int dbPort) throws SQLException {
    try (var connection = connect(dbPort);
        var rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT count(*) FROM query_log WHERE status = 'interrupted' AND"
                        + " interrupted_at IS NULL")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
