package io.symposium.pool.schedule;

import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.LoadAhead;
import io.symposium.pool.ModelBackend;
import io.symposium.pool.ModelRejectedException;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.PoolException;
import io.symposium.pool.PoolQueues;
import io.symposium.pool.QueueFullException;
import io.symposium.pool.residency.ResidencyLedger;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 */
public final class BatchScheduler implements AutoCloseable {

  private static final System.Logger log = System.getLogger(BatchScheduler.class.getName());

  /** What the scheduler needs to know about the pool's models. */
  public interface Models {
    ModelSpec spec(String id);

    ModelBackend backend(ModelSpec spec);

    /** Bytes the model takes when resident (0 for a remote model). */
    long footprint(ModelSpec spec);
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

  /**
   * One queued unit of work for a model: what to run on its backend, and where its outcome goes.
   */
  private record Job<T>(
      String model,
      Instant enqueued,
      Function<ModelBackend, CompletableFuture<T>> call,
      CompletableFuture<T> outcome,
      int attempt) {}

  private final Models models;
  private final ResidencyLedger ledger;
  private final SchedulingPolicy policy;
  private final InstantSource clock;
  private final PoolMetrics metrics;
  private final Limits limits;
  private final LoadAhead loadAhead;
  private final ExecutorService prefetcher;
  private final ExecutorService aheadLoader;
  private final Thread thread;

  /**
   * What a model loaded ahead generates once, so that its first real batch finds the weights mapped
   * in.
   */
  static final CompletionRequest WARM_UP = CompletionRequest.greedy("Hello", 1);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Deque<Job<?>>> queues = new HashMap<>();
  private final Map<String, Integer> inFlight = new HashMap<>();
  private final Set<String> prefetched = new HashSet<>();

  /** Models whose unload is under way (the lock is released for it). */
  private final Set<String> unloading = new HashSet<>();

  private final List<String> loadOrder = new ArrayList<>();
  private @Nullable String current;

  /** The model the scheduler thread is loading now (the lock is released meanwhile). */
  private @Nullable String loadingNow;

  /**
   * The model being loaded ahead on {@link #aheadLoader}; its footprint is already booked in the
   * ledger.
   */
  private @Nullable String loadingAhead;

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
    this.loadAhead = loadAhead;
    this.ledger = ledger;
    this.policy = policy;
    this.clock = clock;
    this.metrics = metrics;
    this.limits = limits;
    this.prefetcher =
        Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon(true).name("pool-prefetch").unstarted(r));
    this.aheadLoader =
        Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon(true).name("pool-load-ahead").unstarted(r));
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
      Deque<Job<?>> queue = queues.computeIfAbsent(model, m -> new ArrayDeque<>());
      if (queue.size() >= limits.queueLimit()) {
        metrics.rejected(model, "queue-full");
        throw new QueueFullException(model, limits.queueLimit());
      }
      metrics.queueDepthGauge(model, this::queued);
      queue.addLast(new Job<>(model, clock.instant(), call, outcome, 0));
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
      Deque<Job<?>> queue = queues.get(model);
      return queue == null ? 0 : queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Per model: waiting requests, requests in flight, the oldest wait, and the one being served. */
  public PoolQueues snapshot() {
    lock.lock();
    try {
      Instant now = clock.instant();
      Map<String, PoolQueues.Queue> out = new HashMap<>();
      Set<String> ids = new HashSet<>(queues.keySet());
      ids.addAll(inFlight.keySet());
      for (String id : ids) {
        Deque<Job<?>> q = queues.getOrDefault(id, new ArrayDeque<>());
        Duration oldest =
            q.isEmpty() ? Duration.ZERO : Duration.between(q.peekFirst().enqueued(), now);
        out.put(id, new PoolQueues.Queue(q.size(), inFlight.getOrDefault(id, 0), oldest));
      }
      Set<String> loading = new HashSet<>();
      if (loadingNow != null) {
        loading.add(loadingNow);
      }
      if (loadingAhead != null) {
        loading.add(loadingAhead);
      }
      return new PoolQueues(current, loading, out, loadOrder);
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
      failQueue(model, new io.symposium.pool.UnknownModelException(model));
      inFlight.remove(model);
      prefetched.remove(model);
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
            prepare(
                nextHint,
                current); // everything of the current model is in flight: the plan's next one can
            // load
          }
          changed.await();
          continue;
        }
        String model = pick.get();
        if (!model.equals(current) && current != null && inFlight.getOrDefault(current, 0) > 0) {
          prepare(model, current); // it is next: load it while the current batch finishes
          awaitUntil(policy.nextDeadline(views)); // let the current batch finish before switching
          continue;
        }
        current = model;
        if (model.equals(loadingAhead) || unloading.contains(model)) {
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
      failAll(new BackendUnavailableException("the pool scheduler failed: " + e.getMessage(), e));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Loads {@code model}, evicting others as the ledger decides; false if it cannot be loaded now.
   */
  private boolean makeResident(String model, List<QueueView> views) throws InterruptedException {
    ModelSpec spec = models.spec(model);
    long footprint = models.footprint(spec);
    ResidencyLedger.Admission admission =
        ledger.admit(model, footprint, this::busy, this::queuedLocked);
    switch (admission) {
      case ResidencyLedger.Admission.Never never -> {
        metrics.rejected(model, "too-large");
        failQueue(model, new ModelRejectedException(never.reason()));
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
      failQueue(model, failure);
      current = null;
      return false;
    }
    lock.lock();
    loadingNow = null;
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    ledger.loaded(model, footprint);
    recordLoad(model, took);
    log.log(
        System.Logger.Level.INFO,
        "loaded model {0} in {1} ms (started {2})",
        model,
        String.valueOf(took.toMillis()),
        start);
    return true;
  }

  /** The bookkeeping of every finished load, regular or ahead (the ledger is the caller's part). */
  private void recordLoad(String model, Duration took) {
    loadOrder.add(model);
    prefetched.remove(model);
    metrics.loaded(model, took);
  }

  /**
   * Readies the next model while {@code serving} computes: loaded ahead if it can be, else its file
   * read into the page cache.
   */
  private void prepare(String next, String serving) {
    if (next.equals(serving)
        || ledger.isResident(next)
        || next.equals(loadingAhead)
        || !models.spec(next).backend().isLocal()) {
      return;
    }
    if (!loadAhead(next, serving)) {
      prefetchLocked(next);
    }
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
  private boolean loadAhead(String model, String serving) {
    if (loadAhead == LoadAhead.OFF
        || closed
        || loadingAhead != null
        || inFlight.getOrDefault(serving, 0) == 0) {
      return false;
    }
    ModelSpec spec = models.spec(model);
    long footprint = models.footprint(spec);
    if (!(ledger.admit(model, footprint, this::busy, this::queuedLocked)
            instanceof ResidencyLedger.Admission.Evict evict)
        || evict.victims().stream().anyMatch(v -> queuedLocked(v) > 0)) {
      return false; // it would have to wait, or push out work that waits: the regular switch will
      // load it
    }
    evict.victims().forEach(this::unload);
    if (closed) {
      return false;
    }
    ledger.loaded(
        model, footprint); // booked now, so no other load can overcommit the budget meanwhile
    loadingAhead = model;
    aheadLoader.execute(() -> runLoadAhead(spec));
    return true;
  }

  /**
   * On the load-ahead thread: the load, and with {@link LoadAhead#WARM} a one-token generation that
   * faults the weights in.
   */
  private void runLoadAhead(ModelSpec spec) {
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
        loadingAhead = null;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      return;
    }
    if (loadAhead == LoadAhead.WARM) {
      try {
        backend
            .complete(spec, WARM_UP)
            .get(limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
      loadingAhead = null;
      ledger.used(spec.id());
      recordLoad(spec.id(), took);
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

  /**
   * Models that must not be evicted now: work in flight, being loaded ahead, or being unloaded
   * already.
   */
  private boolean busy(String model) {
    return inFlight.getOrDefault(model, 0) > 0
        || model.equals(loadingAhead)
        || unloading.contains(model);
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
    Deque<Job<?>> queue = queues.get(model);
    // counted once: a call that completes synchronously must not free its slot for this same round,
    // or the loop would keep serving this model without asking the policy again
    int free = spec.parallelSlots() - inFlight.getOrDefault(model, 0);
    for (int i = 0; i < free && queue != null && !queue.isEmpty(); i++) {
      dispatch(spec, queue.pollFirst());
    }
  }

  private void dispatchRemote() {
    for (var entry : queues.entrySet()) {
      ModelSpec spec = models.spec(entry.getKey());
      if (!spec.backend().isLocal()) {
        int free = spec.parallelSlots() - inFlight.getOrDefault(spec.id(), 0);
        for (int i = 0; i < free && !entry.getValue().isEmpty(); i++) {
          dispatch(spec, entry.getValue().pollFirst());
        }
      }
    }
  }

  private <T> void dispatch(ModelSpec spec, Job<T> job) {
    if (job.outcome().isDone()) {
      return; // cancelled while it waited: never sent
    }
    inFlight.merge(spec.id(), 1, Integer::sum);
    long start = System.nanoTime();
    CompletableFuture<T> call;
    try {
      call = job.call().apply(models.backend(spec));
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> running = call;
    // the caller gave up (a client disconnected): cancel the backend call, which frees its slot
    job.outcome()
        .whenComplete(
            (value, error) -> {
              if (job.outcome().isCancelled()) {
                running.cancel(true);
              }
            });
    call.orTimeout(limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (value, error) ->
                finished(spec, job, value, error, Duration.ofNanos(System.nanoTime() - start)));
  }

  private <T> void finished(
      ModelSpec spec, Job<T> job, @Nullable T value, @Nullable Throwable error, Duration took) {
    lock.lock();
    try {
      inFlight.merge(spec.id(), -1, Integer::sum);
      ledger.used(spec.id());
      changed.signalAll();
      if (error == null) {
        int tokens = value instanceof io.symposium.pool.Completion c ? c.completionTokens() : 0;
        metrics.completed(spec.id(), spec.backend().isLocal(), tokens, took);
        job.outcome().complete(value);
        return;
      }
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      if (job.outcome().isCancelled()) {
        return;
      }
      PoolException failure = classify(spec, cause, took);
      if (failure.retriable() && job.attempt() < limits.retries() && !closed) {
        Job<T> retry =
            new Job<>(job.model(), job.enqueued(), job.call(), job.outcome(), job.attempt() + 1);
        Duration backoff = limits.retryBackoff().multipliedBy(1L << job.attempt());
        CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS)
            .execute(() -> requeueFirst(retry));
        return;
      }
      metrics.failed(spec.id(), failure.getClass().getSimpleName());
      job.outcome().completeExceptionally(failure);
    } finally {
      lock.unlock();
    }
  }

  private static PoolException classify(ModelSpec spec, Throwable cause, Duration took) {
    if (cause instanceof PoolException p) {
      return p;
    }
    if (cause instanceof TimeoutException) {
      return new BackendUnavailableException(
          "model '%s' did not answer within %d ms".formatted(spec.id(), took.toMillis()), cause);
    }
    return new BackendUnavailableException(
        "model '%s' failed: %s".formatted(spec.id(), cause.getMessage()), cause);
  }

  private void requeueFirst(Job<?> job) {
    lock.lock();
    try {
      if (closed) {
        job.outcome()
            .completeExceptionally(
                new BackendUnavailableException("the model pool is shutting down"));
        return;
      }
      queues.computeIfAbsent(job.model(), m -> new ArrayDeque<>()).addFirst(job);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private List<QueueView> localViews() {
    List<QueueView> views = new ArrayList<>();
    for (var entry : queues.entrySet()) {
      Job<?> head = entry.getValue().peekFirst();
      if (head != null && models.spec(entry.getKey()).backend().isLocal()) {
        views.add(
            new QueueView(
                entry.getKey(),
                entry.getValue().size(),
                head.enqueued(),
                ledger.isResident(entry.getKey())));
      }
    }
    return views;
  }

  private int queuedLocked(String model) {
    Deque<Job<?>> queue = queues.get(model);
    return queue == null ? 0 : queue.size();
  }

  private void prefetchLocked(String model) {
    ModelSpec spec = models.spec(model);
    if (!ledger.isResident(model) && prefetched.add(model)) {
      prefetcher.execute(() -> readThrough(spec));
    }
  }

  /**
   * Reads the whole file once: the kernel keeps it in the page cache, so the mmap load that follows
   * is fast.
   */
  private static void readThrough(ModelSpec spec) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(8 << 20);
    try (FileChannel channel = FileChannel.open(spec.requireFile(), StandardOpenOption.READ)) {
      while (channel.read(buffer) > 0) {
        buffer.clear();
      }
    } catch (IOException e) {
      log.log(System.Logger.Level.DEBUG, "prefetch of {0} failed: {1}", spec.id(), e.getMessage());
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

  private void failQueue(String model, PoolException failure) {
    Deque<Job<?>> queue = queues.remove(model);
    if (queue != null) {
      queue.forEach(job -> job.outcome().completeExceptionally(failure));
    }
  }

  private void failAll(PoolException failure) {
    new ArrayList<>(queues.keySet()).forEach(m -> failQueue(m, failure));
  }

  /**
   * Fails what is still queued, lets the scheduler thread end, and unloads nothing (the pool does).
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      failAll(new BackendUnavailableException("the model pool is shutting down"));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    prefetcher.shutdownNow();
    aheadLoader.shutdownNow();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
