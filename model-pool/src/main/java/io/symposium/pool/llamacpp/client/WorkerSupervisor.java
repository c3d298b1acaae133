package io.symposium.pool.llamacpp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Keeps one worker process alive. A worker that exits (a native abort, SIGKILL, the OOM killer) or
 * stops answering its health check (a hang) is replaced, after a back-off, by a fresh one that
 * loads the same models again; the requests that were waiting on the dead worker fail at once with
 * a retriable {@link WorkerFailedException}, and so do requests that arrive while the replacement
 * starts.
 */
public final class WorkerSupervisor implements AutoCloseable {

  private static final System.Logger log = System.getLogger(WorkerSupervisor.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the supervisor starts workers and decides that one hangs. */
  public record Options(
      Supplier<List<String>> command,
      Duration readyTimeout,
      Duration healthInterval,
      Duration healthTimeout,
      int healthFailuresBeforeKill,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration loadTimeout) {

    public Options {
      if (healthFailuresBeforeKill < 1) {
        throw new IllegalArgumentException(
            "healthFailuresBeforeKill must be >= 1, got " + healthFailuresBeforeKill);
      }
    }

    /**
     * Workers from this JVM's class path; health every 2 s, a hang declared after 3 missed checks.
     */
    public static Options defaults() {
      return new Options(
          () -> WorkerProcess.defaultCommand(List.of()),
          Duration.ofSeconds(60),
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          3,
          Duration.ofMillis(200),
          Duration.ofSeconds(30),
          Duration.ofMinutes(5));
    }

    public Options withCommand(Supplier<List<String>> newCommand) {
      return new Options(
          newCommand,
          readyTimeout,
          healthInterval,
          healthTimeout,
          healthFailuresBeforeKill,
          initialBackoff,
          maxBackoff,
          loadTimeout);
    }

    public Options withHealth(Duration interval, Duration timeout, int failuresBeforeKill) {
      return new Options(
          command,
          readyTimeout,
          interval,
          timeout,
          failuresBeforeKill,
          initialBackoff,
          maxBackoff,
          loadTimeout);
    }
  }

  private final Options options;
  private final ScheduledExecutorService timer;
  private final Map<String, ObjectNode> loadedModels = new LinkedHashMap<>();
  private final AtomicInteger restarts = new AtomicInteger();
  private final AtomicInteger missedHealthChecks = new AtomicInteger();
  private volatile WorkerProcess current;
  private volatile CompletableFuture<WorkerProcess> replacement = new CompletableFuture<>();
  private volatile boolean closed;
  private Duration backoff;

  private WorkerSupervisor(Options options, WorkerProcess first) {
    this.options = options;
    this.current = first;
    this.backoff = options.initialBackoff();
    AtomicInteger n = new AtomicInteger();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r ->
                Thread.ofPlatform()
                    .daemon(true)
                    .name("worker-supervisor-" + n.incrementAndGet())
                    .unstarted(r));
    watch(first);
    timer.scheduleWithFixedDelay(
        this::checkHealth,
        options.healthInterval().toMillis(),
        options.healthInterval().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Starts the first worker and waits until it serves. */
  public static WorkerSupervisor start(Options options) {
    return new WorkerSupervisor(
        options, WorkerProcess.start(options.command().get(), options.readyTimeout()));
  }

  /**
   * The worker serving now; requests fail fast with a retriable error while it is being replaced.
   */
  public WorkerProcess worker() {
    WorkerProcess worker = current;
    if (closed) {
      throw new WorkerFailedException("the worker supervisor is closed");
    }
    if (worker == null || !worker.isAlive()) {
      throw new WorkerFailedException(
          "the llama.cpp worker is restarting after a failure; retry shortly");
    }
    return worker;
  }

  /**
   * Completes with the next worker once the current one has been replaced (after a crash or a
   * hang).
   */
  public CompletableFuture<WorkerProcess> replacement() {
    return replacement;
  }

  public int restarts() {
    return restarts.get();
  }

  /**
   * Loads a model into the worker and remembers it, so a replacement worker loads it too. {@code
   * request} is the body of {@code POST /models/load} ({@code id}, {@code path}, settings).
   */
  public CompletableFuture<JsonNode> load(ObjectNode request) {
    String id = request.path("id").asText();
    return worker()
        .post("/models/load", request, options.loadTimeout())
        .thenApply(
            answer -> {
              synchronized (loadedModels) {
                loadedModels.put(id, request.deepCopy());
              }
              return answer;
            });
  }

  public CompletableFuture<JsonNode> unload(String id) {
    synchronized (loadedModels) {
      loadedModels.remove(id);
    }
    ObjectNode body = JSON.createObjectNode().put("id", id);
    return worker().post("/models/unload", body, options.loadTimeout());
  }

  public List<String> loadedModelIds() {
    synchronized (loadedModels) {
      return List.copyOf(loadedModels.keySet());
    }
  }

  private void watch(WorkerProcess worker) {
    worker
        .onExit()
        .thenRun(
            () -> {
              if (!closed && worker == current) {
                log.log(
                    System.Logger.Level.WARNING,
                    "llama.cpp worker {0} {1}; starting a new one",
                    String.valueOf(worker.pid()),
                    WorkerProcess.describeExit(workerProcess(worker)));
                scheduleRestart();
              }
            });
  }

  private static Process workerProcess(WorkerProcess worker) {
    return worker.onExit().join();
  }

  private synchronized void scheduleRestart() {
    Duration delay = backoff;
    backoff =
        backoff.multipliedBy(2).compareTo(options.maxBackoff()) > 0
            ? options.maxBackoff()
            : backoff.multipliedBy(2);
    timer.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void restart() {
    if (closed) {
      return;
    }
    WorkerProcess replacement;
    try {
      replacement = WorkerProcess.start(options.command().get(), options.readyTimeout());
    } catch (WorkerFailedException e) {
      log.log(
          System.Logger.Level.ERROR, "could not start a replacement worker: {0}", e.getMessage());
      scheduleRestart();
      return;
    }
    List<ObjectNode> reload;
    synchronized (loadedModels) {
      reload = new ArrayList<>(loadedModels.values());
    }
    for (ObjectNode request : reload) {
      try {
        replacement.post("/models/load", request, options.loadTimeout()).join();
      } catch (RuntimeException e) {
        // the model that killed the worker may kill it again: forget it instead of looping
        log.log(
            System.Logger.Level.ERROR,
            "model {0} could not be loaded again after a worker restart and was dropped: {1}",
            request.path("id").asText(),
            e.getMessage());
        synchronized (loadedModels) {
          loadedModels.remove(request.path("id").asText());
        }
      }
    }
    missedHealthChecks.set(0);
    synchronized (this) {
      backoff = options.initialBackoff();
    }
    current = replacement;
    restarts.incrementAndGet();
    watch(replacement);
    CompletableFuture<WorkerProcess> announced = this.replacement;
    this.replacement = new CompletableFuture<>();
    announced.complete(replacement);
    if (closed) {
      replacement.close();
    }
  }

  /**
   * A worker that is alive but does not answer its health check for a while is hung: kill it, the
   * exit watch restarts it.
   */
  private void checkHealth() {
    WorkerProcess worker = current;
    if (closed || worker == null || !worker.isAlive()) {
      return;
    }
    try {
      worker.get("/health", options.healthTimeout()).join();
      missedHealthChecks.set(0);
    } catch (RuntimeException e) {
      if (missedHealthChecks.incrementAndGet() >= options.healthFailuresBeforeKill()) {
        log.log(
            System.Logger.Level.WARNING,
            "llama.cpp worker {0} missed {1} health checks; killing it",
            String.valueOf(worker.pid()),
            missedHealthChecks.get());
        missedHealthChecks.set(0);
        worker.kill();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    WorkerProcess worker = current;
    if (worker != null) {
      worker.close();
    }
  }
}
