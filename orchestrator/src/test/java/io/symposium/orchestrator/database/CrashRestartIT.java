package io.symposium.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.testing.ServiceProcesses;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service, started as its own process from the built jar on its embedded PostgreSQL, is
 * SIGKILLed and started again on the same data directory: it must come up, with its data.
 */
final class CrashRestartIT {

  static final Path JAR = ServiceProcesses.execJar();
  static final Duration UP_WITHIN = Duration.ofSeconds(60);

  @TempDir Path dir;
  final List<Process> services = new ArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stopEverything() throws Exception {
    for (Process service : services) {
      service.descendants().forEach(ProcessHandle::destroyForcibly);
      service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    // whatever postgres is left on the data directory (a failed test) must not leak
    postmasterPid()
        .flatMap(ProcessHandle::of)
        .filter(p -> DataDirectoryGuard.isPostgresOn(p, dataDir()))
        .ifPresent(ProcessHandle::destroy);
  }

  @Test
  void sigkilledWithItsWatchdog_nextStartStopsTheOrphanAndComesUpWithTheData() throws Exception {
    int dbPort = ServiceProcesses.freePort();
    Process first = start(ServiceProcesses.freePort(), dbPort);
    UUID query = insertQuery(dbPort, "answered");
    UUID inFlight = insertQuery(dbPort, "received");
    long orphan = postmasterPid().orElseThrow();

    // the whole service, watchdog included, dies at once: only the start-up guard can help now
    first.descendants().filter(p -> p.pid() != orphan).forEach(ProcessHandle::destroyForcibly);
    first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

    int port = ServiceProcesses.freePort();
    long begin = System.nanoTime();
    start(port, dbPort);
    Duration restart = Duration.ofNanos(System.nanoTime() - begin);

    assertThat(restart).isLessThan(UP_WITHIN);
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    HttpResponse<String> logged = get(port, "/v1/queries/" + query);
    assertThat(logged.statusCode()).isEqualTo(200);
    assertThat(logged.body()).contains("survives a crash");
    // acknowledged but cut off by the kill: the restarted instance says so
    assertThat(get(port, "/v1/queries/" + inFlight).body())
        .contains("\"status\":\"INTERRUPTED\"")
        .contains("\"interruptedAt\"");
  }

  @Test
  void sigkilled_watchdogStopsItsPostgresSoon() throws Exception {
    start(ServiceProcesses.freePort(), ServiceProcesses.freePort());
    long postgres = postmasterPid().orElseThrow();

    services.getFirst().destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    ProcessHandle server = ProcessHandle.of(postgres).orElseThrow();
    assertThat(server.onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).get())
        .as("the embedded PostgreSQL stops within 20 s of its service's death")
        .isNotNull();
  }

  @Test
  void dataDirectoryOfALiveService_secondServiceRefusesWithOneLineNamingIt() throws Exception {
    Process first = start(ServiceProcesses.freePort(), ServiceProcesses.freePort());

    Process second = launch(ServiceProcesses.freePort(), ServiceProcesses.freePort());
    boolean exited = second.waitFor(60, TimeUnit.SECONDS);
    String output = output(second);

    assertThat(exited).isTrue();
    assertThat(second.exitValue()).isNotZero();
    assertThat(output)
        .contains("in use by the Symposium service with PID " + first.pid())
        .doesNotContain("\tat io.symposium");
    assertThat(get(portOf(first), "/actuator/health").body()).contains("UP");
  }

  @Test
  void sigterm_afterServingAnExpert_leavesNoWorkerWatchdogOrPostgresRunning() throws Exception {
    Path models = Files.createDirectories(dir.resolve("models"));
    GgufModels.writeRandom(models.resolve("tiny.gguf"), ModelShape.tinyDense(), WeightType.F32, 3);
    int port = ServiceProcesses.freePort();
    Process service =
        start(
            port,
            ServiceProcesses.freePort(),
            "--symposium.pool.model-directories=" + models,
            "--symposium.models[0].id=tiny",
            "--symposium.models[0].path=" + models.resolve("tiny.gguf"),
            "--symposium.models[0].context-size=256",
            "--symposium.models[0].threads=1");
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"tiny\", \"max_tokens\": 4, \"messages\": [{\"role\":"
                            + " \"user\", \"content\": \"hi\"}]}"))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    // the llama.cpp worker process and the watchdog are the service's children now
    List<ProcessHandle> children = service.descendants().toList();
    assertThat(children).hasSizeGreaterThanOrEqualTo(2);
    ProcessHandle postgres = ProcessHandle.of(postmasterPid().orElseThrow()).orElseThrow();

    service.destroy(); // SIGTERM

    assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("the service stops on SIGTERM").isTrue();
    for (ProcessHandle child : children) {
      assertThat(child.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
          .as("child %d (%s) has exited", child.pid(), child.info().command().orElse("?"))
          .isNotNull();
    }
    assertThat(postgres.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
        .as("the embedded PostgreSQL has stopped")
        .isNotNull();
    assertThat(output(service)).doesNotContain("\tat io.symposium");
  }

  // ---- the service as a process ----

  private Path dataDir() {
    return dir.resolve("postgres");
  }

  private final Map<Process, Integer> ports = new HashMap<>();
  private final Map<Process, Thread> copiers = new HashMap<>();

  private int portOf(Process service) {
    return ports.get(service);
  }

  private Path logOf(Process service) {
    return dir.resolve("service-" + service.pid() + ".log");
  }

  /** What the service printed; complete once it has exited. */
  private String output(Process service) throws Exception {
    if (!service.isAlive()) {
      copiers.get(service).join(Duration.ofSeconds(10));
    }
    return Files.exists(logOf(service)) ? Files.readString(logOf(service)) : "";
  }

  private Process launch(int port, int dbPort, String... extra) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-jar",
                JAR.toString(),
                "--server.port=" + port,
                "--symposium.db.embedded.data-dir=" + dataDir(),
                "--symposium.db.embedded.port=" + dbPort,
                "--symposium.zoo.enabled=false",
                "--symposium.admin.password=pw",
                // one instance across its restarts, though each start gets a new HTTP port
                "--symposium.instance-id=crash-it")
            .directory(dir.toFile())
            .redirectErrorStream(true);
    builder.command().addAll(List.of(extra));
    // the test's database settings (CI points at a server) must not reach the embedded default
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("SYMPOSIUM_") || k.startsWith("SPRING_"));
    Process service = builder.start();
    services.add(service);
    ports.put(service, port);
    // drained continuously, so a chatty start-up never blocks on a full pipe
    copiers.put(
        service,
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var in = service.getInputStream()) {
                    Files.copy(in, logOf(service));
                  } catch (IOException e) {
                    // the process died; its output so far is in the log
                  }
                }));
    return service;
  }

  /** Starts the service and waits until it reports UP. */
  private Process start(int port, int dbPort, String... extra) throws Exception {
    Process service = launch(port, dbPort, extra);
    long deadline = System.nanoTime() + UP_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!service.isAlive()) {
        throw new AssertionError("the service exited at start:\n" + output(service));
      }
      try {
        if (get(port, "/actuator/health").body().contains("\"UP\"")) {
          return service;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250); // a poll, not a wait for a fixed time: a start takes seconds
    }
    throw new AssertionError("not UP within " + UP_WITHIN + ":\n" + output(service));
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", "Basic YWRtaW46cHc=")
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A logged query of this instance, written straight into the service's database. */
  private static UUID insertQuery(int dbPort, String status) throws SQLException {
    UUID id = UUID.randomUUID();
    try (var connection =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", "");
        var insert =
            connection.prepareStatement(
                "INSERT INTO query_log (id, question, status, instance_id)"
                    + " VALUES (?, ?, ?, 'crash-it')")) {
      insert.setObject(1, id);
      insert.setString(2, "What survives a crash?");
      insert.setString(3, status);
      insert.executeUpdate();
    }
    return id;
  }

  private Optional<Long> postmasterPid() {
    return DataDirectoryGuard.lockPid(dataDir().resolve("postmaster.pid"));
  }
}
