package io.symposium.pool.schedule;

import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.LoadAhead;
import io.symposium.pool.ModelBackend;
import io.symposium.pool.ModelRejectedException;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.PoolException;
import io.symposium.pool.PoolQueues;
import io.symposium.pool.QueueFullException;
import io.symposium.pool.UnknownModelException;
import io.symposium.pool.residency.MemoryDemand;
import io.symposium.pool.residency.ResidencyLedger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Queues work per model and runs it batch by model (DESIGN.md "Batch-by-model scheduling"). Local
 * (llama.cpp) models share the machine one at a time: the scheduler makes the chosen model
 * resident, keeps its parallel slots full from its queue, and switches only when the queue is empty
 * or another queue starves ({@link SchedulingPolicy}). While one model computes, the next one is
 * prepared: when it fits the budget beside the busy models without evicting any model that has work
 * waiting, it is loaded ahead ({@link LoadAhead}; optionally warmed up by a one-token generation),
 * so the switch costs no load; otherwise its file is read into the page cache. Remote models need
 * no residency: their requests go out at once, at most {@code parallelSlots} at a time per model.
 *
 * <p>Around every backend call, once and here: the concurrency limit (slots), a timeout, retries of
 * retriable failures with back-off, timing and metrics. Loads and unloads run on the scheduler's
 * own thread, never on a caller's; callers only enqueue.
 *
 * <p>This class decides what runs next and owns the regular loads and unloads; its parts share its
 * lock: {@link ModelQueues} (the queues and in-flight counts), {@link BackendCalls} (the wrapping
 * of each call), {@link AheadLoader} and {@link FilePrefetcher} (readying the next model).
 */
public final class BatchScheduler implements AutoCloseable {

  private static final System.Logger log = System.getLogger(BatchScheduler.class.getName());

  /** What the scheduler needs to know about the pool's models. */
  public interface Models {
    ModelSpec spec(String id);

    ModelBackend backend(ModelSpec spec);

    /** Host and GPU memory the model takes when resident (none for a remote model). */
    MemoryDemand demand(ModelSpec spec);
  }

  /** Limits applied around every backend call. */
  public record Limits(
      int queueLimit, Duration requestTimeout, int retries, Duration retryBackoff) {
    public Limits {
      if (queueLimit < 1 || retries < 0) {
        throw new IllegalArgumentException(
            "queue limit must be >= 1 and retries >= 0, got %d/%d".formatted(queueLimit, retries));
      }
    }
  }

  private final Models models;
  private final ResidencyLedger ledger;
  private final SchedulingPolicy policy;
  private final InstantSource clock;
  private final PoolMetrics metrics;
  private final Limits limits;
  private final FilePrefetcher prefetcher = new FilePrefetcher();
  private final AheadLoader ahead;
  private final BackendCalls calls;
  private final Thread thread;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ModelQueues queues = new ModelQueues();

  /** Models whose unload is under way (the lock is released for it). */
  private final Set<String> unloading = new HashSet<>();

  private final List<String> loadOrder = new ArrayList<>();
  private final List<PoolQueues.Load> loads = new ArrayList<>();
  private @Nullable String current;

  /** The model the scheduler thread is loading now (the lock is released meanwhile). */
  private @Nullable String loadingNow;

  /**
   * The model an offline plan runs next: it is loaded ahead in preference to the policy's guess.
   */
  private @Nullable String nextHint;

  private boolean closed;

  public BatchScheduler(
      Models models,
      ResidencyLedger ledger,
      SchedulingPolicy policy,
      InstantSource clock,
      PoolMetrics metrics,
      Limits limits,
      LoadAhead loadAhead) {
    this.models = models;
    this.ledger = ledger;
    this.policy = policy;
    this.clock = clock;
    this.metrics = metrics;
    this.limits = limits;
    this.calls =
        new BackendCalls(lock, changed, queues, ledger, models, metrics, limits, () -> closed);
    this.ahead =
        new AheadLoader(
            lock,
            changed,
            queues,
            ledger,
            models,
            metrics,
            limits.requestTimeout(),
            loadAhead,
            new AheadLoader.Owner() {
              @Override
              public boolean busy(String model) {
                return BatchScheduler.this.busy(model);
              }

              @Override
              public void unload(String model) {
                BatchScheduler.this.unload(model);
              }

              @Override
              public void loaded(String model, Duration took) {
                recordLoad(model, took, true);
              }

              @Override
              public boolean closed() {
                return closed;
              }
            });
    this.thread = Thread.ofPlatform().daemon(true).name("pool-scheduler").unstarted(this::run);
    thread.start();
  }

  /** Queues {@code call} for {@code model}; the returned future completes with its outcome. */
  public <T> CompletableFuture<T> submit(
      String model, Function<ModelBackend, CompletableFuture<T>> call) {
    CompletableFuture<T> outcome = new CompletableFuture<>();
    lock.lock();
    try {
      if (closed) {
        throw new BackendUnavailableException("the model pool is shutting down");
      }
      models.spec(model); // unknown models fail here, at the caller
      if (queues.isFull(model, limits.queueLimit())) {
        metrics.rejected(model, "queue-full");
        throw new QueueFullException(model, limits.queueLimit());
      }
      metrics.queueDepthGauge(model, this::queued);
      queues.addLast(new Job<>(model, clock.instant(), call, outcome, 0));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return outcome;
  }

  /** Requests waiting for {@code model} (not yet sent to its backend). */
  public int queued(String model) {
    lock.lock();
    try {
      return queues.waiting(model);
    } finally {
      lock.unlock();
    }
  }

  /** Per model: waiting requests, requests in flight, the oldest wait, and the one being served. */
  public PoolQueues snapshot() {
    lock.lock();
    try {
      Map<String, PoolQueues.Queue> out = queues.states(clock.instant());
      Set<String> loading = new HashSet<>();
      if (loadingNow != null) {
        loading.add(loadingNow);
      }
      String aheadNow = ahead.loading();
      if (aheadNow != null) {
        loading.add(aheadNow);
      }
      // instances per active-expert count are the pool's bookkeeping: ModelPool.queues adds them
      return new PoolQueues(current, loading, out, loadOrder, loads, Map.of());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Names the model that will be served next (an offline plan knows it). Once the model being
   * served has work in flight, it is loaded ahead if it fits, else its file is read into the page
   * cache; not sooner, so that the two files are not read from disk at the same time.
   */
  public void prefetch(String model) {
    ModelSpec spec = models.spec(model);
    if (!spec.backend().isLocal()) {
      return;
    }
    lock.lock();
    try {
      nextHint = model;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Unloads a resident model now if nothing is in flight for it (used when a model is removed). */
  public boolean evict(String model) {
    lock.lock();
    try {
      if (!ledger.isResident(model) || busy(model)) {
        return false;
      }
      unload(model);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Drops a removed model's queue: its waiting work fails, and the scheduler never looks the model
   * up again.
   */
  public void forget(String model) {
    lock.lock();
    try {
      queues.forget(model, new UnknownModelException(model));
      prefetcher.forget(model);
      if (model.equals(current)) {
        current = null;
      }
      if (model.equals(nextHint)) {
        nextHint = null;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- the scheduler thread ----

  private void run() {
    lock.lock();
    try {
      while (!closed) {
        dispatchRemote();
        List<QueueView> views = localViews();
        Instant now = clock.instant();
        Optional<String> pick = policy.next(views, current, now);
        if (pick.isEmpty()) {
          if (current != null && nextHint != null) {
            // everything of the current model is in flight: the plan's next one can load
            prepare(nextHint, current);
          }
          changed.await();
          continue;
        }
        String model = pick.get();
        if (!model.equals(current) && current != null && queues.inFlight(current) > 0) {
          prepare(model, current); // it is next: load it while the current batch finishes
          awaitUntil(policy.nextDeadline(views)); // let the current batch finish before switching
          continue;
        }
        current = model;
        if (ahead.isLoading(model) || unloading.contains(model)) {
          changed.await(); // the load ahead or the unload signals when it is done
          continue;
        }
        if (!ledger.isResident(model) && !makeResident(model, views)) {
          continue;
        }
        topUp(model);
        if (model.equals(nextHint)) {
          nextHint = null;
        }
        Optional<String> next =
            nextHint != null ? Optional.of(nextHint) : policy.prefetch(localViews(), model, now);
        next.ifPresent(n -> prepare(n, model));
        awaitUntil(policy.nextDeadline(localViews()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.log(System.Logger.Level.ERROR, "the pool scheduler failed; failing all queued work", e);
      queues.failAll(
          new BackendUnavailableException("the pool scheduler failed: " + e.getMessage(), e));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Loads {@code model}, evicting others as the ledger decides; false if it cannot be loaded now.
   */
  private boolean makeResident(String model, List<QueueView> views) throws InterruptedException {
    ModelSpec spec = models.spec(model);
    MemoryDemand demand = models.demand(spec);
    ResidencyLedger.Admission admission = ledger.admit(model, demand, this::busy, queues::waiting);
    switch (admission) {
      case ResidencyLedger.Admission.Never never -> {
        metrics.rejected(model, "too-large");
        queues.fail(model, new ModelRejectedException(never.reason()));
        current = null;
        return false;
      }
      case ResidencyLedger.Admission.Wait w -> {
        awaitUntil(policy.nextDeadline(views));
        return false;
      }
      case ResidencyLedger.Admission.Evict evict -> {
        for (String victim : evict.victims()) {
          unload(victim);
        }
      }
    }
    Instant start = clock.instant();
    long startNanos = System.nanoTime();
    loadingNow = model;
    lock.unlock(); // a load takes seconds: callers must still be able to enqueue
    try {
      models.backend(spec).load(spec);
    } catch (RuntimeException e) {
      lock.lock();
      loadingNow = null;
      PoolException failure =
          e instanceof PoolException p
              ? p
              : new ModelRejectedException(
                  "model '" + model + "' failed to load: " + e.getMessage(), e);
      metrics.rejected(model, "load-failed");
      queues.fail(model, failure);
      current = null;
      return false;
    }
    lock.lock();
    loadingNow = null;
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    ledger.loaded(model, demand);
    recordLoad(model, took, false);
    log.log(
        System.Logger.Level.INFO,
        "loaded model {0} in {1} ms (started {2})",
        model,
        String.valueOf(took.toMillis()),
        start);
    return true;
  }

  /** The bookkeeping of every finished load, regular or ahead (the ledger is the caller's part). */
  private void recordLoad(String model, Duration took, boolean ahead) {
    loadOrder.add(model);
    loads.add(new PoolQueues.Load(model, clock.instant().minus(took), took.toMillis(), ahead));
    prefetcher.forget(model);
    metrics.loaded(model, took);
  }

  /**
   * Readies the next model while {@code serving} computes: loaded ahead if it can be, else its file
   * read into the page cache.
   */
  private void prepare(String next, String serving) {
    if (next.equals(serving)
        || ledger.isResident(next)
        || ahead.isLoading(next)
        || !models.spec(next).backend().isLocal()) {
      return;
    }
    if (!ahead.start(next, serving)) {
      prefetchLocked(next);
    }
  }

  /**
   * Models that must not be evicted now: work in flight, being loaded ahead, or being unloaded
   * already.
   */
  private boolean busy(String model) {
    return queues.inFlight(model) > 0 || ahead.isLoading(model) || unloading.contains(model);
  }

  /**
   * Unloads a resident model. The lock is released during the backend call: it waits for the
   * worker's answer, and the thread that delivers answers may be the one finishing another call,
   * which needs the lock (holding it here deadlocked the pool). Meanwhile the model counts as busy
   * and is not served; its bytes stay booked until it is gone, so the budget holds in memory, not
   * only on paper.
   */
  private void unload(String victim) {
    ModelSpec spec = models.spec(victim);
    unloading.add(victim);
    lock.unlock();
    try {
      models.backend(spec).unload(spec);
    } catch (RuntimeException e) {
      log.log(
          System.Logger.Level.WARNING, "unloading model {0} failed: {1}", victim, e.getMessage());
    } finally {
      lock.lock();
      unloading.remove(victim);
    }
    ledger.unloaded(victim);
    metrics.unloaded(victim);
    if (victim.equals(current)) {
      current = null;
    }
    changed.signalAll();
  }

  /** Fills the model's free slots from its queue. */
  private void topUp(String model) {
    ModelSpec spec = models.spec(model);
    // counted once: a call that completes synchronously must not free its slot for this same round,
    // or the loop would keep serving this model without asking the policy again
    int free = spec.parallelSlots() - queues.inFlight(model);
    dispatchUpTo(free, spec);
  }

  private void dispatchRemote() {
    for (String model : queues.models()) {
      ModelSpec spec = models.spec(model);
      if (!spec.backend().isLocal()) {
        dispatchUpTo(spec.parallelSlots() - queues.inFlight(spec.id()), spec);
      }
    }
  }

  private void dispatchUpTo(int free, ModelSpec spec) {
    for (int i = 0; i < free; i++) {
      Job<?> job = queues.pollFirst(spec.id());
      if (job == null) {
        return;
      }
      calls.dispatch(spec, job);
    }
  }

  private List<QueueView> localViews() {
    return queues.views(m -> models.spec(m).backend().isLocal(), ledger::isResident);
  }

  private void prefetchLocked(String model) {
    if (!ledger.isResident(model)) {
      prefetcher.prefetch(models.spec(model));
    }
  }

  /** Waits for a change (an enqueue, a finished call) or until the deadline in the pool's clock. */
  private void awaitUntil(Optional<Instant> deadline) throws InterruptedException {
    if (deadline.isEmpty()) {
      changed.await();
      return;
    }
    long millis = Duration.between(clock.instant(), deadline.get()).toMillis();
    // an injected clock may not advance by itself: never wait long on it, look again instead
    changed.await(Math.max(1, Math.min(millis, 1000)), TimeUnit.MILLISECONDS);
  }

  /**
   * Fails what is still queued, lets the scheduler thread end, and unloads nothing (the pool does).
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queues.failAll(new BackendUnavailableException("the model pool is shutting down"));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    prefetcher.close();
    ahead.close();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
