package io.symposium.pool.schedule;

import io.symposium.pool.CompletionRequest;
import io.symposium.pool.LoadAhead;
import io.symposium.pool.ModelBackend;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.residency.MemoryDemand;
import io.symposium.pool.residency.ResidencyLedger;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Loads the next local model on a thread of its own while the served one computes ({@link
 * LoadAhead}), so a switch costs no load. One model at a time; it shares {@link BatchScheduler}'s
 * lock, which every method holds except during the backend's load and warm-up.
 */
final class AheadLoader implements AutoCloseable {

  private static final System.Logger log = System.getLogger(BatchScheduler.class.getName());

  /**
   * What a model loaded ahead generates once, so that its first real batch finds the weights mapped
   * in.
   */
  static final CompletionRequest WARM_UP = CompletionRequest.greedy("Hello", 1);

  /** What a load ahead needs of the scheduler that owns it; called with its lock held. */
  interface Owner {
    /** Whether the model must not be evicted now. */
    boolean busy(String model);

    /** Unloads a resident model (releasing the lock during the backend call). */
    void unload(String model);

    /** The bookkeeping of a finished load. */
    void loaded(String model, Duration took);

    boolean closed();
  }

  private final ReentrantLock lock;
  private final Condition changed;
  private final ModelQueues queues;
  private final ResidencyLedger ledger;
  private final BatchScheduler.Models models;
  private final PoolMetrics metrics;
  private final Duration warmUpTimeout;
  private final LoadAhead mode;
  private final Owner owner;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon(true).name("pool-load-ahead").unstarted(r));

  /** The model being loaded ahead; its demand is already booked in the ledger. */
  private @Nullable String loading;

  AheadLoader(
      ReentrantLock lock,
      Condition changed,
      ModelQueues queues,
      ResidencyLedger ledger,
      BatchScheduler.Models models,
      PoolMetrics metrics,
      Duration warmUpTimeout,
      LoadAhead mode,
      Owner owner) {
    this.lock = lock;
    this.changed = changed;
    this.queues = queues;
    this.ledger = ledger;
    this.models = models;
    this.metrics = metrics;
    this.warmUpTimeout = warmUpTimeout;
    this.mode = mode;
    this.owner = owner;
  }

  /** The model being loaded ahead now, if any. */
  @Nullable String loading() {
    return loading;
  }

  boolean isLoading(String model) {
    return model.equals(loading);
  }

  /**
   * Starts loading {@code model} on the load-ahead thread while {@code serving} computes, if that
   * is free: one at a time, only while the served model has work in flight to hide the load behind,
   * and only when it fits the budget by evicting idle models that have no work waiting. No file
   * read first: llama.cpp asks the kernel to read the mapped file ahead itself, and a second read
   * would only cost the CPU a copy.
   *
   * @return whether the load started
   */
  boolean start(String model, String serving) {
    if (mode == LoadAhead.OFF
        || owner.closed()
        || loading != null
        || queues.inFlight(serving) == 0) {
      return false;
    }
    ModelSpec spec = models.spec(model);
    MemoryDemand demand = models.demand(spec);
    if (!(ledger.admit(model, demand, owner::busy, queues::waiting)
            instanceof ResidencyLedger.Admission.Evict evict)
        || evict.victims().stream().anyMatch(v -> queues.waiting(v) > 0)) {
      return false; // it would have to wait, or push out work that waits: the regular switch will
      // load it
    }
    evict.victims().forEach(owner::unload);
    if (owner.closed()) {
      return false;
    }
    ledger.loaded(
        model, demand); // booked now, so no other load can overcommit the budget meanwhile
    loading = model;
    thread.execute(() -> run(spec));
    return true;
  }

  /**
   * On the load-ahead thread: the load, and with {@link LoadAhead#WARM} a one-token generation that
   * faults the weights in.
   */
  private void run(ModelSpec spec) {
    ModelBackend backend = models.backend(spec);
    long startNanos = System.nanoTime();
    Duration took;
    try {
      backend.load(spec);
      took = Duration.ofNanos(System.nanoTime() - startNanos);
    } catch (RuntimeException e) {
      lock.lock();
      try {
        // not fatal: when the model's turn comes the regular load tries again and reports to its
        // callers
        log.log(
            System.Logger.Level.WARNING,
            "loading model {0} ahead failed: {1}",
            spec.id(),
            e.getMessage());
        ledger.unloaded(spec.id());
        loading = null;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      return;
    }
    if (mode == LoadAhead.WARM) {
      try {
        backend.complete(spec, WARM_UP).get(warmUpTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        log.log(
            System.Logger.Level.DEBUG,
            "warm-up of model {0} failed: {1}",
            spec.id(),
            e.getMessage());
      }
    }
    lock.lock();
    try {
      loading = null;
      ledger.used(spec.id());
      owner.loaded(spec.id(), took);
      metrics.loadedAhead(spec.id());
      log.log(
          System.Logger.Level.INFO,
          "loaded model {0} ahead in {1} ms",
          spec.id(),
          String.valueOf(took.toMillis()));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
