package io.symposium.orchestrator.batch;

import io.symposium.orchestrator.config.BatchProperties;
import io.symposium.orchestrator.config.PoolProperties;
import io.symposium.orchestrator.query.PhasedQueries;
import io.symposium.orchestrator.query.ServiceInstance;
import io.symposium.pool.ModelPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs this instance's batches, one at a time on its own thread, each as phased offline plans of at
 * most {@code symposium.batch.lines-per-plan} lines (each plan loads every model it needs once).
 * Each answered line is written with its result in one statement, so a batch stopped anywhere (a
 * cancel, a shutdown, a kill) keeps every line it answered and has the others still pending; at
 * start-up the instance resumes its unfinished batches where they stopped.
 */
@Component
public class BatchRunner implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);
  private static final Duration DB = Duration.ofSeconds(60);

  /** How far the running plan of a batch is. */
  public record Progress(String phase, int done, int total, long loads) {}

  /** The batch being worked on, and the signal that stops its plan. */
  private record Running(String batchId, Sinks.Empty<Void> stop, long loadsBefore) {}

  private final BatchRepository repository;
  private final BatchLines lines;
  private final PhasedQueries plans;
  private final ModelPool pool;
  private final ServiceInstance instance;
  private final int linesPerPlan;
  private final BatchInput input;
  private final OutputFiles outputs;
  private final JsonMapper json;
  private final LinkedBlockingDeque<String> queue = new LinkedBlockingDeque<>();
  private final Map<String, Progress> progress = new ConcurrentHashMap<>();
  private volatile @Nullable Running current;
  private volatile boolean running;
  private @Nullable Thread worker;

  public BatchRunner(
      BatchRepository repository,
      BatchLines lines,
      PhasedQueries plans,
      ModelPool pool,
      ServiceInstance instance,
      BatchProperties properties,
      PoolProperties poolProperties,
      JsonMapper json) {
    this.repository = repository;
    this.lines = lines;
    this.plans = plans;
    this.pool = pool;
    this.instance = instance;
    // a plan queues each model's whole share at once: more than its queue takes would be refused
    this.linesPerPlan = Math.min(properties.linesPerPlan(), poolProperties.queueLimit());
    this.input = new BatchInput(json);
    this.outputs = new OutputFiles(json);
    this.json = json;
  }

  /** Queues a new batch. */
  public void submit(String batchId) {
    queue.add(batchId);
  }

  /** Stops the plan of a batch that was just marked cancelling, if it is the one running. */
  public void cancelled(String batchId) {
    Running now = current;
    if (now != null && now.batchId().equals(batchId)) {
      now.stop().tryEmitEmpty();
    }
  }

  /** The running plan's progress of {@code batchId}, if it is running; loads include the stored. */
  public @Nullable Progress progress(String batchId) {
    Progress p = progress.get(batchId);
    Running now = current;
    if (p == null || now == null || !now.batchId().equals(batchId)) {
      return null;
    }
    return new Progress(p.phase(), p.done(), p.total(), pool.loads() - now.loadsBefore());
  }

  // ---- lifecycle ----

  @Override
  public void start() {
    running = true;
    Thread thread = Thread.ofPlatform().name("batch-runner").daemon(true).unstarted(this::loop);
    worker = thread;
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    Running now = current;
    if (now != null) {
      now.stop().tryEmitEmpty(); // its unanswered lines stay pending for the next start
    }
    Thread thread = worker;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void loop() {
    try {
      List<String> unfinished =
          Objects.requireNonNull(repository.unfinished(instance.id()).collectList().block(DB));
      if (!unfinished.isEmpty()) {
        log.info("resuming {} unfinished batches of instance {}", unfinished.size(), instance.id());
      }
      unfinished.forEach(id -> queue.addFirst(id));
    } catch (RuntimeException e) {
      log.error("could not look up the unfinished batches; they resume at the next start", e);
    }
    while (running) {
      String id;
      try {
        id = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        process(id);
      } catch (RuntimeException e) {
        if (!running) {
          return; // shutting down: the batch resumes at the next start
        }
        log.error("batch {} failed", id, e);
        fail(id, "internal_error", "The batch failed in the service: " + e);
      }
    }
  }

  // ---- one batch ----

  private void process(String id) {
    while (running) {
      BatchRepository.StoredBatch batch = repository.findBatch(id).block(DB);
      if (batch == null) {
        return;
      }
      switch (batch.status()) {
        case VALIDATING -> validate(batch);
        case IN_PROGRESS -> {
          List<BatchRepository.PendingLine> pending =
              Objects.requireNonNull(repository.pending(id, linesPerPlan).collectList().block(DB));
          if (pending.isEmpty()) {
            repository.finalizing(id).block(DB);
          } else {
            runPlan(id, pending);
          }
        }
        case FINALIZING -> end(id, BatchStatus.COMPLETED);
        case CANCELLING -> end(id, BatchStatus.CANCELLED);
        case COMPLETED, FAILED, CANCELLED -> {
          return;
        }
      }
    }
  }

  private void validate(BatchRepository.StoredBatch batch) {
    byte[] content = repository.fileContent(batch.inputFileId()).block(DB);
    if (content == null) {
      fail(
          batch.id(),
          "input_file_not_found",
          "The input file " + batch.inputFileId() + " was deleted before the batch started.");
      return;
    }
    repository.startLines(batch.id(), input.lines(content)).block(DB);
  }

  /** One phased offline plan over {@code pending}, each line written as it is answered. */
  private void runPlan(String id, List<BatchRepository.PendingLine> pending) {
    Map<String, BatchLines.Prepared> prepared = new LinkedHashMap<>();
    for (BatchRepository.PendingLine line : pending) {
      try {
        BatchLines.Prepared p = lines.prepare(id, line);
        prepared.put(p.line().key(), p);
      } catch (BatchLines.LineRefused refused) {
        repository.finish(id, line.lineNo(), refused.result()).block(DB);
      }
    }
    if (prepared.isEmpty()) {
      return;
    }
    Running run = new Running(id, Sinks.empty(), pool.loads());
    current = run;
    try {
      // a cancel that came before this plan was current: it is seen here, in the database
      BatchRepository.StoredBatch now = repository.findBatch(id).block(DB);
      if (now == null || now.status() != BatchStatus.IN_PROGRESS || !running) {
        return;
      }
      List<PhasedQueries.Line> work = new ArrayList<>();
      prepared.values().forEach(p -> work.add(p.line()));
      plans
          .run(
              work,
              (phase, done, total) ->
                  progress.put(
                      id, new Progress(phase.name().toLowerCase(Locale.ROOT), done, total, 0)))
          .takeUntilOther(run.stop().asMono())
          .concatMap(
              outcome -> {
                BatchLines.Prepared p = Objects.requireNonNull(prepared.get(outcome.key()));
                return repository.finish(id, lineNo(p), lines.result(p, outcome));
              })
          .blockLast();
    } finally {
      current = null;
      progress.remove(id);
      long loads = pool.loads() - run.loadsBefore();
      if (loads > 0) {
        repository.addLoads(id, loads).block(DB);
      }
    }
  }

  private static int lineNo(BatchLines.Prepared prepared) {
    return Integer.parseInt(prepared.line().key());
  }

  /** The output and error files of what was answered, and the batch's end. */
  private void end(String id, BatchStatus status) {
    List<BatchRepository.FinishedLine> finished =
        Objects.requireNonNull(repository.finished(id).collectList().block(DB));
    OutputFiles.Files files = outputs.of(id, finished);
    repository.end(id, status, files.output(), files.errors(), null).block(DB);
    log.info("batch {} {}: {} lines answered", id, status.id(), finished.size());
  }

  private void fail(String id, String code, String message) {
    // OpenAI's batch errors: a list of {code, message, param, line}
    Map<String, @Nullable Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("param", null);
    error.put("line", null);
    String errors = json.writeValueAsString(Map.of("object", "list", "data", List.of(error)));
    try {
      repository.end(id, BatchStatus.FAILED, null, null, errors).block(DB);
    } catch (RuntimeException e) {
      log.error("could not mark batch {} failed", id, e);
    }
  }
}
