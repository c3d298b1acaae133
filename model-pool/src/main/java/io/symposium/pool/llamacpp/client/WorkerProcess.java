package io.symposium.pool.llamacpp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symposium.pool.llamacpp.protocol.WorkerProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One running worker process and the HTTP client that talks to it. When the process ends, every
 * request still waiting on it fails at once with a {@link WorkerFailedException} that says how it
 * ended.
 */
public final class WorkerProcess implements AutoCloseable {

  private static final System.Logger log = System.getLogger(WorkerProcess.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The worker JVM's heap cap. Its Java side is a thin HTTP shim over llama.cpp (weights, KV cache
   * and compute buffers are native), but without a cap G1 sizes the heap from the machine's RAM and
   * keeps growing the young generation: that was the +1.5–3 MB of RSS per load/unload cycle the
   * engine issue saw (LoadCycleBenchmark, model-pool/README.md).
   */
  static final String WORKER_HEAP = "-Xmx256m";

  private final Process process;
  private final int port;
  private final HttpClient http;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

  private WorkerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    process
        .onExit()
        .thenRun(
            () -> {
              WorkerFailedException failure =
                  new WorkerFailedException(
                      "worker process " + process.pid() + " " + describeExit(process));
              inFlight.forEach(f -> f.completeExceptionally(failure));
            });
  }

  /**
   * The command that starts a worker from this JVM's own class path and Java. Inside a Spring Boot
   * executable jar the classes are nested ({@code BOOT-INF/}), where a plain {@code -cp} cannot see
   * them, so the jar's own properties launcher starts the worker's main instead.
   */
  public static List<String> defaultCommand(List<String> workerArgs) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    String classPath = System.getProperty("java.class.path");
    List<String> launch =
        isExecutableBootJar(classPath)
            ? List.of(
                "-cp",
                classPath,
                "-Dloader.main=" + WorkerProtocol.MAIN_CLASS,
                "org.springframework.boot.loader.launch.PropertiesLauncher")
            : List.of("-cp", classPath, WorkerProtocol.MAIN_CLASS);
    return Stream.of(
            Stream.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss2m", WORKER_HEAP),
            launch.stream(),
            workerArgs.stream())
        .flatMap(s -> s)
        .toList();
  }

  private static boolean isExecutableBootJar(String classPath) {
    if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
      return false;
    }
    try (var jar = new java.util.jar.JarFile(classPath)) {
      var manifest = jar.getManifest();
      return manifest != null
          && manifest.getMainAttributes().getValue("Spring-Boot-Classes") != null;
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts a worker and waits until it says it serves, or fails with what it printed. */
  public static WorkerProcess start(List<String> command, Duration readyTimeout) {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new WorkerFailedException(
          "could not start a worker process (" + command.getFirst() + "): " + e.getMessage(), e);
    }
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon(true)
        .name("worker-" + process.pid() + "-stdout")
        .start(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  if (!ready.isDone() && line.startsWith(WorkerProtocol.READY_PREFIX)) {
                    ready.complete(
                        Integer.parseInt(
                            line.substring(WorkerProtocol.READY_PREFIX.length()).strip()));
                  } else {
                    log.log(
                        System.Logger.Level.INFO,
                        "worker {0}: {1}",
                        String.valueOf(process.pid()),
                        line);
                  }
                }
              } catch (IOException | NumberFormatException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(
                  new WorkerFailedException(
                      "worker process "
                          + process.pid()
                          + " closed its output before it was ready"));
            });
    try {
      int port = ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return new WorkerProcess(process, port);
    } catch (java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
      throw new WorkerFailedException(
          "worker process " + process.pid() + " was not ready within " + readyTimeout);
    } catch (java.util.concurrent.ExecutionException e) {
      process.destroyForcibly();
      waitQuietly(process);
      throw new WorkerFailedException(
          "worker process " + process.pid() + " failed to start: " + describeExit(process),
          Objects.requireNonNullElse(e.getCause(), e));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new WorkerFailedException("interrupted while starting a worker");
    }
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  public int inFlight() {
    return inFlight.size();
  }

  /** POSTs a JSON body; completes with the parsed JSON answer, or fails with a worker exception. */
  public CompletableFuture<JsonNode> post(String path, JsonNode body, Duration timeout) {
    return send(
            request(path, timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(response -> parse(path, response));
  }

  /**
   * POSTs a completion that can be cancelled: cancelling the returned future asks the worker to
   * stop the generation ({@code POST /v1/cancel}), which frees its sequence at the next decode
   * step.
   */
  public CompletableFuture<JsonNode> postCancellable(String path, JsonNode body, Duration timeout) {
    String requestId = java.util.UUID.randomUUID().toString();
    HttpRequest request =
        request(path, timeout)
            .header(WorkerProtocol.REQUEST_ID_HEADER, requestId)
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
            .build();
    CompletableFuture<JsonNode> result =
        send(request, HttpResponse.BodyHandlers.ofByteArray())
            .thenApply(response -> parse(path, response));
    result.whenComplete(
        (answer, error) -> {
          if (result.isCancelled() && process.isAlive()) {
            post(
                "/v1/cancel",
                JSON.createObjectNode().put("request_id", requestId),
                Duration.ofSeconds(5));
          }
        });
    return result;
  }

  public CompletableFuture<JsonNode> get(String path, Duration timeout) {
    return send(request(path, timeout).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(response -> parse(path, response));
  }

  /** POSTs a streaming request; the lines of the event stream arrive as they are written. */
  public CompletableFuture<HttpResponse<Stream<String>>> postStreaming(
      String path, JsonNode body, Duration timeout) {
    return send(
        request(path, timeout).POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build(),
        HttpResponse.BodyHandlers.ofLines());
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(timeout)
        .header("Content-Type", "application/json");
  }

  private <T> CompletableFuture<HttpResponse<T>> send(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    if (!process.isAlive()) {
      result.completeExceptionally(
          new WorkerFailedException(
              "worker process " + process.pid() + " " + describeExit(process)));
      return result;
    }
    inFlight.add(result);
    http.sendAsync(request, handler)
        .whenComplete(
            (response, error) -> {
              inFlight.remove(result);
              if (error == null) {
                result.complete(response);
              } else if (!process.isAlive()) {
                result.completeExceptionally(
                    new WorkerFailedException(
                        "worker process " + process.pid() + " " + describeExit(process), error));
              } else if (error.getCause() instanceof java.net.http.HttpTimeoutException
                  || error instanceof java.net.http.HttpTimeoutException) {
                result.completeExceptionally(
                    new WorkerFailedException(
                        "worker process "
                            + process.pid()
                            + " did not answer "
                            + request.uri().getPath()
                            + " within "
                            + request.timeout().orElseThrow(),
                        error));
              } else {
                result.completeExceptionally(
                    new WorkerFailedException(
                        "request to worker process "
                            + process.pid()
                            + " failed: "
                            + error.getMessage(),
                        error));
              }
            });
    return result;
  }

  private static JsonNode parse(String path, HttpResponse<byte[]> response) {
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new WorkerResponseException(
          502, "worker answered " + path + " with something that is not JSON");
    }
    if (response.statusCode() >= 400) {
      throw new WorkerResponseException(
          response.statusCode(),
          body.path("error").path("code").asText(""),
          body.path("error").path("message").asText("worker error " + response.statusCode()));
    }
    return body;
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable: " + e.getMessage(), e);
    }
  }

  /** How a process ended, in words a log reader understands (signals are 128 + n on Linux). */
  static String describeExit(Process process) {
    if (process.isAlive()) {
      return "is still running";
    }
    int code = process.exitValue();
    return switch (code) {
      case 137 -> "was killed (SIGKILL, exit 137: the OOM killer or an operator)";
      case 134 -> "aborted (SIGABRT, exit 134: a native assertion in llama.cpp)";
      case 139 -> "crashed (SIGSEGV, exit 139)";
      case 143 -> "was terminated (SIGTERM, exit 143)";
      default ->
          code > 128
              ? "died of signal " + (code - 128) + " (exit " + code + ")"
              : "exited with code " + code;
    };
  }

  private static void waitQuietly(Process process) {
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process (its stdin closes too, which ends a healthy worker by itself). */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already closed
    }
    try {
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Forcibly kills the process, as a hang watchdog does. */
  void kill() {
    process.destroyForcibly();
  }
}
