package io.symposium.orchestrator.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The load/soak benchmark of issue 14. It starts the built service jar as its own process on the
 * embedded defaults (embedded PostgreSQL in a fresh data directory, the expert zoo profiled on the
 * first start), waits until it answers queries, then runs N clients for M minutes over {@code POST
 * /v1/query} and {@code POST /v1/chat/completions} (model {@code symposium}, some streamed) on the
 * zoo's validation questions, SIGKILLs one of the service's llama.cpp worker processes every X
 * seconds, and prints requests, errors by status, latency percentiles and throughput per API and
 * the RSS of the service and its workers at start and end, as markdown.
 *
 * <pre>
 * SoakBenchmark [--clients 8] [--minutes 3] [--kill-every 30] [--stream-share 0.5] [--seed 14]
 *               [--jar target/…-exec.jar] [--questions ../evals/zoo/models/validation.json]
 *               [--zoo ../evals/zoo/models] [--data-dir DIR (kept; a second run skips profiling)]
 * </pre>
 *
 * Client i uses the native API when i is even, the facade when odd; a facade request is streamed
 * with probability {@code --stream-share}. {@code --kill-every 0} kills nothing.
 */
public final class SoakBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WORKER_MAIN = "io.symposium.pool.llamacpp.worker.WorkerMain";
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

  /** One answered (or failed) request. {@code outcome} is the HTTP status or a named failure. */
  record Sample(String api, String outcome, long nanos) {}

  private final int clients;
  private final double minutes;
  private final int killEverySeconds;
  private final double streamShare;
  private final long seed;
  private final Path jar;
  private final List<String> questions;
  private final Path zoo;
  private final Path dataDir;
  private final boolean keepDataDir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private final List<String> kills = new ArrayList<>();
  private int port;

  private SoakBenchmark(Map<String, String> flags) throws IOException {
    clients = Integer.parseInt(flags.getOrDefault("clients", "8"));
    minutes = Double.parseDouble(flags.getOrDefault("minutes", "3"));
    killEverySeconds = Integer.parseInt(flags.getOrDefault("kill-every", "30"));
    streamShare = Double.parseDouble(flags.getOrDefault("stream-share", "0.5"));
    seed = Long.parseLong(flags.getOrDefault("seed", "14"));
    jar = flags.containsKey("jar") ? Path.of(flags.get("jar")) : execJar();
    Path questionFile =
        Path.of(flags.getOrDefault("questions", "../evals/zoo/models/validation.json"));
    List<String> read = new ArrayList<>();
    JSON.readTree(questionFile.toFile()).forEach(item -> read.add(item.get("question").asText()));
    questions = List.copyOf(read);
    zoo = Path.of(flags.getOrDefault("zoo", "../evals/zoo/models")).toAbsolutePath().normalize();
    keepDataDir = flags.containsKey("data-dir");
    dataDir =
        keepDataDir
            ? Path.of(flags.get("data-dir")).toAbsolutePath()
            : Files.createTempDirectory("symposium-soak");
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("flags are --name value pairs, got " + args[i]);
      }
      flags.put(args[i].substring(2), args[++i]);
    }
    new SoakBenchmark(flags).run();
  }

  private void run() throws Exception {
    port = freePort();
    Process service = start();
    try {
      Instant begin = Instant.now();
      awaitAnswers(service);
      System.out.printf(
          "service PID %d answers queries %d s after its start%n",
          service.pid(), Duration.between(begin, Instant.now()).toSeconds());
      Rss start = Rss.of(service);
      long t0 = System.nanoTime();
      long deadline = t0 + (long) (minutes * 60e9);
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        threads.add(Thread.ofPlatform().name("client-" + c).start(() -> drive(client, deadline)));
      }
      Thread killer =
          Thread.ofPlatform().daemon(true).name("killer").start(() -> kill(service, deadline));
      for (Thread t : threads) {
        t.join();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      killer.interrupt();
      killer.join();
      Rss end = Rss.of(service);
      report(seconds, start, end, restarts());
    } finally {
      stop(service);
    }
  }

  // ---- the service as a process ----

  private Process start() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx1g",
                "-jar",
                jar.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--symposium.db.embedded.data-dir=" + dataDir.resolve("postgres"),
                "--symposium.db.embedded.port=" + freePort(),
                "--symposium.zoo.directory=" + zoo,
                "--symposium.admin.password=pw",
                // every client runs on this one host, so the per-address limit would be the test
                "--symposium.security.client-concurrency=0")
            .directory(dataDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("service.log").toFile());
    // settings meant for another database must not reach the embedded default
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("SYMPOSIUM_") || k.startsWith("SPRING_"));
    Process service = builder.start();
    System.out.printf(
        "started %s as PID %d on port %d; its log: %s%n",
        jar.getFileName(), service.pid(), port, dataDir.resolve("service.log"));
    return service;
  }

  /**
   * Until a query is answered: UP, then the first profile stored (409 before it), then the
   * embedder.
   */
  private void awaitAnswers(Process service) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
    long nextNote = 0;
    while (System.nanoTime() < giveUp) {
      if (!service.isAlive()) {
        throw new IllegalStateException(
            "the service exited with " + service.exitValue() + "; see its log");
      }
      String state;
      try {
        HttpResponse<String> r = send(nativeQuery(questions.getFirst()));
        if (r.statusCode() == 200) {
          return;
        }
        state = "query answered " + r.statusCode();
      } catch (IOException e) {
        state = "not listening yet";
      }
      if (System.nanoTime() > nextNote) {
        System.out.println("waiting for the service: " + state);
        nextNote = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      }
      Thread.sleep(2000); // a poll of the starting service: its first profile takes minutes
    }
    throw new IllegalStateException("the service answered no query within 20 minutes");
  }

  private void stop(Process service) throws Exception {
    List<ProcessHandle> children = service.descendants().toList();
    service.destroy();
    if (!service.waitFor(60, TimeUnit.SECONDS)) {
      service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (!keepDataDir) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  // ---- clients and the killer ----

  private void drive(int client, long deadline) {
    Random random = new Random(seed * 31 + client);
    boolean facade = client % 2 == 1;
    while (System.nanoTime() < deadline) {
      String question = questions.get(random.nextInt(questions.size()));
      boolean stream = facade && random.nextDouble() < streamShare;
      String api = facade ? (stream ? "facade, streamed" : "facade") : "native";
      long t = System.nanoTime();
      String outcome;
      try {
        outcome =
            stream
                ? streamed(question)
                : Integer.toString(
                    send(facade ? facadeQuery(question, false) : nativeQuery(question))
                        .statusCode());
      } catch (HttpTimeoutException e) {
        outcome = "timeout";
      } catch (IOException e) {
        outcome = "io: " + e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      samples.add(new Sample(api, outcome, System.nanoTime() - t));
    }
  }

  /** A streamed answer is a success only when it ends with {@code [DONE]}, not an error event. */
  private String streamed(String question) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> r =
        http.send(facadeQuery(question, true), HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) {
      r.body().close();
      return Integer.toString(r.statusCode());
    }
    try (Stream<String> lines = r.body()) {
      // Spring writes "data:" without a space, OpenAI with one: compare the payloads
      List<String> data =
          lines.filter(l -> l.startsWith("data:")).map(l -> l.substring(5).strip()).toList();
      if (data.isEmpty() || !data.getLast().equals("[DONE]")) {
        return "200, stream cut";
      }
      return data.stream().anyMatch(l -> l.contains("\"error\"")) ? "200, error event" : "200";
    }
  }

  private void kill(Process service, long deadline) {
    if (killEverySeconds <= 0) {
      return;
    }
    Random random = new Random(seed);
    try {
      while (true) {
        Thread.sleep(killEverySeconds * 1000L); // the benchmark's kill cadence is the point
        if (System.nanoTime() >= deadline) {
          return;
        }
        List<ProcessHandle> workers = workers(service);
        if (workers.isEmpty()) {
          kills.add("no worker running");
          continue;
        }
        ProcessHandle victim = workers.get(random.nextInt(workers.size()));
        victim.destroyForcibly(); // SIGKILL on Linux
        kills.add(Long.toString(victim.pid()));
        System.out.printf(
            "SIGKILLed worker %d (%d workers were running)%n", victim.pid(), workers.size());
      }
    } catch (InterruptedException e) {
      // the run is over
    }
  }

  static List<ProcessHandle> workers(Process service) {
    return service.descendants().filter(p -> commandLine(p.pid()).contains(WORKER_MAIN)).toList();
  }

  private static String commandLine(long pid) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
              StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return ""; // it has exited
    }
  }

  // ---- requests ----

  private HttpRequest nativeQuery(String question) {
    ObjectNode body = JSON.createObjectNode().put("question", question);
    return post("/v1/query", body);
  }

  private HttpRequest facadeQuery(String question, boolean stream) {
    ObjectNode body = JSON.createObjectNode().put("model", "symposium").put("stream", stream);
    body.putArray("messages").addObject().put("role", "user").put("content", question);
    return post("/v1/chat/completions", body);
  }

  private HttpRequest post(String path, JsonNode body) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json")
        .timeout(REQUEST_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** {@code symposium_pool_worker_restarts_total} summed over models, or "?" if unreadable. */
  private String restarts() {
    try {
      HttpResponse<String> r =
          send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + port + "/actuator/prometheus"))
                  .header("Authorization", "Basic YWRtaW46cHc=")
                  .timeout(Duration.ofSeconds(30))
                  .build());
      if (r.statusCode() != 200) {
        return "? (" + r.statusCode() + ")";
      }
      double sum =
          r.body()
              .lines()
              .filter(l -> l.startsWith("symposium_pool_worker_restarts_total"))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
      return "%.0f".formatted(sum);
    } catch (IOException | RuntimeException e) {
      return "? (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  // ---- the report ----

  private void report(double seconds, Rss start, Rss end, String restarts) {
    List<Sample> all = List.copyOf(samples);
    StringBuilder out = new StringBuilder();
    out.append(
            "%n%d clients, %.1f min (%.0f s until the last answer), a worker SIGKILLed every %s;"
                .formatted(
                    clients,
                    minutes,
                    seconds,
                    killEverySeconds > 0 ? killEverySeconds + " s" : "never"))
        .append(
            " %d kills (%s); symposium_pool_worker_restarts_total %s.%n%n"
                .formatted(
                    kills.stream().filter(k -> !k.startsWith("no")).count(),
                    String.join(", ", kills),
                    restarts));
    out.append(
        "| API | requests | 2xx | errors by status | p50 s | p95 s | p99 s | max s | req/min |\n");
    out.append("|---|---:|---:|---|---:|---:|---:|---:|---:|\n");
    List<String> apis = new ArrayList<>(List.of("native", "facade", "facade, streamed"));
    apis.add("all");
    for (String api : apis) {
      List<Sample> rows =
          all.stream().filter(s -> api.equals("all") || s.api().equals(api)).toList();
      if (rows.isEmpty()) {
        continue;
      }
      Map<String, Integer> errors = new TreeMap<>();
      rows.stream()
          .filter(s -> !s.outcome().equals("200"))
          .forEach(s -> errors.merge(s.outcome(), 1, Integer::sum));
      long[] nanos = rows.stream().mapToLong(Sample::nanos).sorted().toArray();
      out.append(
          "| %s | %d | %d | %s | %.2f | %.2f | %.2f | %.2f | %.1f |%n"
              .formatted(
                  api,
                  rows.size(),
                  rows.size() - errors.values().stream().mapToInt(Integer::intValue).sum(),
                  errors.isEmpty() ? "none" : errors.toString(),
                  percentile(nanos, 50),
                  percentile(nanos, 95),
                  percentile(nanos, 99),
                  nanos[nanos.length - 1] / 1e9,
                  rows.size() / (seconds / 60)));
    }
    out.append("\n| RSS MB | start | end |\n|---|---:|---:|\n");
    out.append("| service JVM | %.0f | %.0f |%n".formatted(start.serviceMb(), end.serviceMb()));
    out.append(
        "| llama.cpp workers (count; sum) | %d; %.0f | %d; %.0f |%n"
            .formatted(start.workers(), start.workersMb(), end.workers(), end.workersMb()));
    out.append(
        "| embedded PostgreSQL and other children (sum) | %.0f | %.0f |%n"
            .formatted(start.otherMb(), end.otherMb()));
    System.out.println(out);
  }

  /** Nearest-rank percentile of sorted nanoseconds, in seconds. */
  static double percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e9;
  }

  /** VmRSS from {@code /proc}: the service JVM, its worker processes, its other descendants. */
  record Rss(double serviceMb, int workers, double workersMb, double otherMb) {
    static Rss of(Process service) {
      List<ProcessHandle> workers = SoakBenchmark.workers(service);
      List<Long> workerPids = workers.stream().map(ProcessHandle::pid).toList();
      double others =
          service
              .descendants()
              .filter(p -> !workerPids.contains(p.pid()))
              .mapToDouble(p -> vmRssMb(p.pid()))
              .sum();
      return new Rss(
          vmRssMb(service.pid()),
          workers.size(),
          workers.stream().mapToDouble(p -> vmRssMb(p.pid())).sum(),
          others);
    }
  }

  private static double vmRssMb(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(l -> l.startsWith("VmRSS:"))
          .mapToDouble(l -> Double.parseDouble(l.substring(6).strip().split("\\s+")[0]) / 1024)
          .findFirst()
          .orElse(0);
    } catch (IOException e) {
      return 0; // it has exited between the listing and the read
    }
  }

  // ---- small things ----

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path execJar() {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no -exec.jar in target: run mvn package"))
          .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
