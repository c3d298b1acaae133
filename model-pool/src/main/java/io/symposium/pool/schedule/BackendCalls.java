package io.symposium.pool.schedule;

import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.Completion;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.PoolException;
import io.symposium.pool.residency.ResidencyLedger;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Sends a job to its backend, with what wraps every backend call once and here (STYLE.md rule 8):
 * the in-flight count that bounds a model's slots, cancellation when the caller gives up, the
 * timeout, retries of retriable failures with back-off, timing and metrics. It shares {@link
 * BatchScheduler}'s lock, queues and ledger; a finished call wakes the scheduler thread.
 */
final class BackendCalls {

  private final ReentrantLock lock;
  private final Condition changed;
  private final ModelQueues queues;
  private final ResidencyLedger ledger;
  private final BatchScheduler.Models models;
  private final PoolMetrics metrics;
  private final BatchScheduler.Limits limits;
  private final BooleanSupplier closed;

  BackendCalls(
      ReentrantLock lock,
      Condition changed,
      ModelQueues queues,
      ResidencyLedger ledger,
      BatchScheduler.Models models,
      PoolMetrics metrics,
      BatchScheduler.Limits limits,
      BooleanSupplier closed) {
    this.lock = lock;
    this.changed = changed;
    this.queues = queues;
    this.ledger = ledger;
    this.models = models;
    this.metrics = metrics;
    this.limits = limits;
    this.closed = closed;
  }

  /** Sends the job to the model's backend; called with the lock held. */
  <T> void dispatch(ModelSpec spec, Job<T> job) {
    if (job.outcome().isDone()) {
      return; // cancelled while it waited: never sent
    }
    queues.started(spec.id());
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
      queues.ended(spec.id());
      ledger.used(spec.id());
      changed.signalAll();
      if (error == null) {
        int tokens = value instanceof Completion c ? c.completionTokens() : 0;
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
      if (failure.retriable() && job.attempt() < limits.retries() && !closed.getAsBoolean()) {
        Job<T> retry = job.retry();
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
      if (closed.getAsBoolean()) {
        job.outcome()
            .completeExceptionally(
                new BackendUnavailableException("the model pool is shutting down"));
        return;
      }
      queues.addFirst(job);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
