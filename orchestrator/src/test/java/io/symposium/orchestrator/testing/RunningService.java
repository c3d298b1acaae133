package io.symposium.orchestrator.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service as its own process, started from the exec jar in a working directory of the test's,
 * with its output copied to a log file there (so a chatty start never blocks on a full pipe).
 */
public final class RunningService implements AutoCloseable {

  /** Basic credentials for the admin password every process-level IT sets ({@code pw}). */
  public static final String ADMIN_AUTHORIZATION = "Basic YWRtaW46cHc=";

  private final Process process;
  private final int port;
  private final Path log;
  private final Path file;
  private final Thread copier;
  private final HttpClient http = HttpClient.newHttpClient();

  private RunningService(Process process, int port, Path log, Path file, Thread copier) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.file = file;
    this.copier = copier;
  }

  /**
   * Starts the service on {@code port} with {@code arguments} ({@code --key=value}) and waits until
   * its health says UP; the test's own {@code SYMPOSIUM_*} and {@code SPRING_*} environment (CI's
   * database) does not reach it.
   */
  public static RunningService start(Path dir, int port, Duration upWithin, String... arguments)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java,
            "-Xmx512m",
            "-jar",
            ServiceProcesses.execJar().toString(),
            "--server.port=" + port,
            "--symposium.zoo.enabled=false",
            "--symposium.admin.password=pw"));
    // logback's own file as well: what reaches the console pipe during a shutdown can be lost
    Path file = Files.createTempFile(dir, "service-", ".log");
    command.add("--logging.file.name=" + file);
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("SYMPOSIUM_") || k.startsWith("SPRING_"));
    Process process = builder.start();
    Path log = dir.resolve("service-" + process.pid() + ".out");
    Thread copier =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var in = process.getInputStream()) {
                    Files.copy(in, log);
                  } catch (IOException e) {
                    // the process died; its output so far is in the log
                  }
                });
    RunningService service = new RunningService(process, port, log, file, copier);
    service.awaitUp(upWithin);
    return service;
  }

  private void awaitUp(Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the service exited at start:\n" + output());
      }
      try {
        if (get("/actuator/health").body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250); // a poll, not a wait for a fixed time: a start takes seconds
    }
    close();
    throw new AssertionError("not UP within " + within + ":\n" + output());
  }

  public Process process() {
    return process;
  }

  public int port() {
    return port;
  }

  public URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** What the service printed and logged so far; complete once it has exited. */
  public String output() throws Exception {
    if (!process.isAlive()) {
      copier.join(Duration.ofSeconds(10));
    }
    return (Files.exists(log) ? Files.readString(log) : "") + "\n" + Files.readString(file);
  }

  /** A GET with the admin's credentials (harmless on {@code /v1/**} without API keys). */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", ADMIN_AUTHORIZATION)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A JSON POST with the admin's credentials, answered within {@code timeout}. */
  public HttpResponse<String> post(String path, String json, Duration timeout)
      throws IOException, InterruptedException {
    return http.send(postRequest(path, json, timeout), HttpResponse.BodyHandlers.ofString());
  }

  public HttpRequest postRequest(String path, String json, Duration timeout) {
    return HttpRequest.newBuilder(uri(path))
        .header("Authorization", ADMIN_AUTHORIZATION)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .timeout(timeout)
        .build();
  }

  /** Kills the service and everything it started, if still running. */
  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
