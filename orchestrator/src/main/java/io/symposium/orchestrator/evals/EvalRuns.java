package io.symposium.orchestrator.evals;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.orchestrator.query.ServiceInstance;
import io.symposium.orchestrator.zoo.ZooModels;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts eval runs as child JVMs of the evals CLI (one at a time: they share the machine's cores
 * with the service's pool) and supervises them: a child that exits without finishing its row gets
 * the row marked failed, and every child is stopped when the service shuts down.
 */
@Service
public class EvalRuns {
  private static final Logger log = LoggerFactory.getLogger(EvalRuns.class);

  /** The evals CLI's method names (checked again by the CLI: a name it does not know fails). */
  private static final java.util.regex.Pattern METHOD =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9+._-]{0,63}");

  private final EvalRunRepository runs;
  private final ServiceInstance instance;
  private final Environment env;
  private final JsonMapper json;
  private final @Nullable ZooModels zoo;
  private final String classpath;
  private final List<Path> datasetDirectories;
  private final Path outputDirectory;
  private final AtomicReference<@Nullable Active> running = new AtomicReference<>();

  public EvalRuns(
      EvalRunRepository runs,
      ServiceInstance instance,
      Environment env,
      JsonMapper json,
      ObjectProvider<ZooModels> zoo,
      @Value("${symposium.evals.classpath:}") String classpath,
      @Value("${symposium.evals.dataset-directories:../shared/benchmarks,benchmarks}")
          List<Path> datasetDirectories,
      @Value("${symposium.evals.output-directory:data/evals}") Path outputDirectory) {
    this.runs = runs;
    this.instance = instance;
    this.env = env;
    this.json = json;
    this.zoo = zoo.getIfAvailable();
    this.classpath = classpath;
    this.datasetDirectories =
        datasetDirectories.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.outputDirectory = outputDirectory.toAbsolutePath().normalize();
  }

  /** The body of {@code POST /admin/api/evals}, checked. */
  public record Request(
      String dataset,
      List<String> methods,
      List<Long> seeds,
      int limit,
      int profileLimit,
      int naiveItems) {}

  Request check(EvalAdminController.NewEval body) {
    String dataset = body.dataset() == null ? "zoo" : body.dataset().strip();
    if (!dataset.equals("zoo")) dataset = allowedFile(dataset).toString();
    List<String> methods = body.methods() == null ? List.of("all") : body.methods();
    if (methods.isEmpty() || methods.size() > 50)
      throw invalid("methods must list 1 to 50 method names (or [\"all\"]).");
    for (String m : methods)
      if (m == null || !METHOD.matcher(m).matches())
        throw invalid("methods must be method names like coe or task-best, got '" + m + "'.");
    List<Long> seeds = body.seeds() == null ? List.of(0L) : body.seeds();
    if (seeds.isEmpty() || seeds.size() > 10) throw invalid("seeds must list 1 to 10 seeds.");
    for (Long s : seeds)
      if (s == null || s < 0 || s > 100_000_000L)
        throw invalid("seeds must be whole numbers from 0 to 100000000, got " + s + ".");
    int limit = body.limit() == null ? 4 : body.limit();
    if (limit < 1 || limit > 10_000)
      throw invalid("limit (questions per skill or category) must be 1-10000, got " + limit + ".");
    int profileLimit = body.profileLimit() == null ? 16 : body.profileLimit();
    if (profileLimit < 1 || profileLimit > 10_000)
      throw invalid("profileLimit must be 1-10000, got " + profileLimit + ".");
    int naiveItems = body.naiveItems() == null ? 10 : body.naiveItems();
    if (naiveItems < 0 || naiveItems > 10_000)
      throw invalid("naiveItems must be 0-10000, got " + naiveItems + ".");
    return new Request(
        dataset, List.copyOf(methods), List.copyOf(seeds), limit, profileLimit, naiveItems);
  }

  /** A benchmark file under one of the dataset directories (links resolved, so none leads out). */
  private Path allowedFile(String dataset) {
    Path file;
    try {
      file = Path.of(dataset).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw invalid("dataset must be \"zoo\" or a benchmark file path, got '" + dataset + "'.");
    }
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      throw invalid("dataset: no benchmark file " + file + ".");
    }
    for (Path dir : datasetDirectories) {
      try {
        if (Files.isDirectory(dir)
            && real.startsWith(dir.toRealPath())
            && Files.isRegularFile(real)) return real;
      } catch (IOException e) {
        // a configured directory that does not exist allows nothing
      }
    }
    throw new ApiProblemException(
        ProblemType.INVALID_REQUEST,
        "dataset "
            + file
            + " is outside the benchmark directories "
            + datasetDirectories
            + " (symposium.evals.dataset-directories).",
        Map.of("dataset", dataset));
  }

  /** A run this service started, and its process. */
  private record Active(UUID id, Process process) {}

  /** Creates the row and starts the child; the run's id. */
  Mono<UUID> start(Request request) {
    return Mono.fromCallable(() -> startNow(request)).subscribeOn(Schedulers.boundedElastic());
  }

  private UUID startNow(Request request) {
    String cp =
        EvalClasspath.find(classpath, Path.of("").toAbsolutePath())
            .orElseThrow(
                () ->
                    new ApiProblemException(
                        ProblemType.EVALS_NOT_INSTALLED, EvalClasspath.INSTALL));
    synchronized (running) {
      Active current = running.get();
      if (current != null && current.process().isAlive())
        throw new ApiProblemException(
            ProblemType.CONFLICT,
            "Eval run "
                + current.id()
                + " is running; one runs at a time (GET /admin/api/evals/"
                + current.id()
                + " follows it).",
            Map.of("running", current.id().toString()));
      UUID id = UUID.randomUUID();
      Map<String, Object> stored = new LinkedHashMap<>();
      stored.put("dataset", request.dataset());
      stored.put("methods", request.methods());
      stored.put("seeds", request.seeds());
      stored.put("limit", request.limit());
      stored.put("profileLimit", request.profileLimit());
      stored.put("naiveItems", request.naiveItems());
      stored.put("source", "service");
      runs.insert(id, json.writeValueAsString(stored), instance.id()).block();
      Process p;
      try {
        p = launch(id, request, cp);
      } catch (IOException e) {
        runs.fail(id, "the evals process did not start: " + e.getMessage()).block();
        throw new ApiProblemException(
            ProblemType.EVALS_NOT_INSTALLED,
            "The evals process did not start (" + e.getMessage() + "). " + EvalClasspath.INSTALL);
      }
      running.set(new Active(id, p));
      p.onExit().thenAccept(exited -> supervise(id, exited));
      return id;
    }
  }

  private Process launch(UUID id, Request request, String cp) throws IOException {
    Path out = outputDirectory.resolve(id.toString());
    Files.createDirectories(out);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Xmx2g", "-cp", cp));
    command.add("io.symposium.evals.run.RunEvals");
    command.addAll(List.of("--dataset", request.dataset()));
    command.addAll(List.of("--methods", String.join(",", request.methods())));
    command.addAll(
        List.of(
            "--seeds", String.join(",", request.seeds().stream().map(String::valueOf).toList())));
    command.addAll(List.of("--limit", Integer.toString(request.limit())));
    command.addAll(List.of("--profile-limit", Integer.toString(request.profileLimit())));
    command.addAll(List.of("--naive-items", Integer.toString(request.naiveItems())));
    if (zoo != null) command.addAll(List.of("--zoo", zoo.directory().toString()));
    command.addAll(List.of("--db", env.getRequiredProperty("spring.flyway.url")));
    command.addAll(List.of("--run-id", id.toString(), "--out", out.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    // the database credentials go by the environment, not the command line other users can read
    builder.environment().put("SYMPOSIUM_DB_USER", env.getProperty("spring.flyway.user", ""));
    builder
        .environment()
        .put("SYMPOSIUM_DB_PASSWORD", env.getProperty("spring.flyway.password", ""));
    builder.redirectErrorStream(true).redirectOutput(out.resolve("run.log").toFile());
    Process p = builder.start();
    log.info("eval run {} started as process {}; log {}", id, p.pid(), out.resolve("run.log"));
    return p;
  }

  /** A child that ended without storing its end (a crash, a kill) leaves its row failed. */
  private void supervise(UUID id, Process exited) {
    String log = outputDirectory.resolve(id.toString()).resolve("run.log").toString();
    runs.failIfUnfinished(
            id, "the evals process exited with code " + exited.exitValue() + "; its log: " + log)
        .subscribe(
            changed -> {
              if (changed) EvalRuns.log.warn("eval run {} ended without finishing", id);
            },
            e -> EvalRuns.log.warn("cannot mark eval run {} failed", id, e));
  }

  /** Runs an earlier life of this instance left unfinished died with it. */
  @org.springframework.context.event.EventListener(
      org.springframework.boot.context.event.ApplicationReadyEvent.class)
  void markInterrupted() {
    runs.failInterrupted(instance.id())
        .subscribe(
            n -> {
              if (n > 0) log.warn("{} eval run(s) of an earlier run of this service failed", n);
            },
            e -> log.warn("cannot mark interrupted eval runs", e));
  }

  @PreDestroy
  void stop() {
    Active active = running.get();
    if (active == null || !active.process().isAlive()) return;
    Process p = active.process();
    // SIGTERM first: the child's shutdown hooks stop its own llama.cpp workers
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    runs.failIfUnfinished(active.id(), "the service shut down during the run")
        .onErrorReturn(false)
        .block(Duration.ofSeconds(5));
  }

  private static ApiProblemException invalid(String detail) {
    return new ApiProblemException(ProblemType.INVALID_REQUEST, detail);
  }
}
