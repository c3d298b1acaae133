package io.symposium.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import io.symposium.orchestrator.testing.ServiceProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real service on the zoo, started from the built jar as its own process, is SIGKILLed in the
 * middle of a batch and started again on the same database: the new run resumes the batch, and
 * every line is answered exactly once (none lost, none twice).
 */
final class BatchRestartIT {

  static final Path JAR = ServiceProcesses.execJar();
  static final Path ZOO = Path.of("../evals/zoo/models").toAbsolutePath().normalize();
  static final int LINES = 16;

  @TempDir Path dir;
  final List<Process> services = new ArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();
  final JsonMapper json = JsonMapper.builder().build();

  @AfterEach
  void stopEverything() throws Exception {
    for (Process service : services) {
      service.descendants().forEach(ProcessHandle::destroyForcibly);
      service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    // whatever postgres is left on the data directory (a failed test) must not leak
    postmasterPid()
        .flatMap(ProcessHandle::of)
        .filter(p -> p.info().command().orElse("").contains("postgres"))
        .ifPresent(ProcessHandle::destroy);
  }

  @Test
  void sigkilledMidBatch_restartResumesAndAnswersEveryLineExactlyOnce() throws Exception {
    int dbPort = ServiceProcesses.freePort();
    int port = ServiceProcesses.freePort();
    Process first = start(port, dbPort);
    importProfile(port);
    OpenAIClient client = client(port);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < LINES; i++) {
      lines.add(
          "{\"custom_id\": \"line-"
              + i
              + "\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\":"
              + " {\"model\": \"symposium\", \"max_tokens\": 8, \"messages\": [{\"role\":"
              + " \"user\", \"content\": \"What is "
              + i
              + " + 1? The options are: (A) "
              + (i + 1)
              + " (B) 0 (C) 50 (D) 99\"}]}}");
    }
    String fileId =
        client
            .files()
            .create(
                FileCreateParams.builder()
                    .file(String.join("\n", lines).getBytes(StandardCharsets.UTF_8))
                    .purpose(FilePurpose.BATCH)
                    .build())
            .id();
    String batchId =
        client
            .batches()
            .create(
                BatchCreateParams.builder()
                    .inputFileId(fileId)
                    .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                    .completionWindow(BatchCreateParams.CompletionWindow._24H)
                    .build())
            .id();
    Batch partway =
        await(client, batchId, b -> b.requestCounts().map(c -> c.completed() > 0).orElse(false));
    long beforeKill = partway.requestCounts().orElseThrow().completed();
    assertThat(beforeKill).as("killed mid-batch").isLessThan(LINES);

    // the service and its workers die at once; the orphaned PostgreSQL is the next start's to stop
    long postgres = postmasterPid().orElseThrow();
    first.descendants().filter(p -> p.pid() != postgres).forEach(ProcessHandle::destroyForcibly);
    first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    int second = ServiceProcesses.freePort();
    start(second, dbPort);
    OpenAIClient again = client(second);
    Batch done =
        await(
            again,
            batchId,
            b ->
                b.status().equals(Batch.Status.COMPLETED)
                    || b.status().equals(Batch.Status.FAILED));

    assertThat(done.status()).isEqualTo(Batch.Status.COMPLETED);
    assertThat(done.requestCounts().orElseThrow().total()).isEqualTo(LINES);
    assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(LINES);
    assertThat(done.requestCounts().orElseThrow().completed()).isGreaterThanOrEqualTo(beforeKill);
    List<String> answered = new ArrayList<>();
    try (InputStream body = again.files().content(done.outputFileId().orElseThrow()).body()) {
      for (String line : new String(body.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        JsonNode node = json.readTree(line);
        assertThat(node.get("response").get("status_code").asInt()).isEqualTo(200);
        answered.add(node.get("custom_id").asString());
      }
    }
    assertThat(answered)
        .hasSize(LINES)
        .doesNotHaveDuplicates()
        .containsExactlyElementsOf(
            lines.stream().map(l -> json.readTree(l).get("custom_id").asString()).toList());
    assertThat(done.errorFileId()).isEmpty();
    assertThat(Files.readString(logOf(services.getLast())))
        .contains("resuming 1 unfinished batches");
  }

  // ---- the service as a process ----

  OpenAIClient client(int port) {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://localhost:" + port + "/v1")
        .apiKey("unused")
        .build();
  }

  Batch await(OpenAIClient client, String id, Predicate<Batch> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      Batch batch = client.batches().retrieve(id);
      if (done.test(batch)) {
        return batch;
      }
      Thread.sleep(100); // a poll, as a client does
    }
    throw new AssertionError("batch " + id + " did not get there within 5 minutes");
  }

  void importProfile(int port) throws Exception {
    HttpResponse<String> imported =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/admin/api/profiles/import"))
                .header("Authorization", "Basic YWRtaW46cHc=")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"task\": \"restart\", \"profiles\": {\"expert-numbers\":"
                            + " {\"arithmetic\": 4, \"logic\": -1}, \"expert-logic\":"
                            + " {\"arithmetic\": -1, \"logic\": 4}, \"generalist-large\":"
                            + " {\"arithmetic\": 2, \"logic\": 2}}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
  }

  private Path dataDir() {
    return dir.resolve("postgres");
  }

  private Path logOf(Process service) {
    return dir.resolve("service-" + service.pid() + ".log");
  }

  private Process start(int port, int dbPort) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx768m",
                "-jar",
                JAR.toString(),
                "--server.port=" + port,
                "--symposium.db.embedded.data-dir=" + dataDir(),
                "--symposium.db.embedded.port=" + dbPort,
                "--symposium.zoo.directory=" + ZOO,
                "--symposium.zoo.profile-on-start=false",
                "--symposium.routing.default-task=restart",
                "--symposium.admin.password=pw",
                // a plan per four lines, so that a kill finds some lines answered and some not
                "--symposium.batch.lines-per-plan=4",
                "--symposium.instance-id=batch-restart-it")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("service-next.log").toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("SYMPOSIUM_") || k.startsWith("SPRING_"));
    Process service = builder.start();
    Files.move(dir.resolve("service-next.log"), logOf(service));
    services.add(service);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!service.isAlive()) {
        throw new AssertionError(
            "the service exited at start:\n" + Files.readString(logOf(service)));
      }
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.body().contains("\"UP\"")) {
          return service;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250); // a poll, not a wait for a fixed time: a start takes seconds
    }
    throw new AssertionError("not UP within 90 s:\n" + Files.readString(logOf(service)));
  }

  /** The PID on the first line of PostgreSQL's lock file, while there is one. */
  private Optional<Long> postmasterPid() throws IOException {
    return ServiceProcesses.postmasterPid(dataDir());
  }
}
