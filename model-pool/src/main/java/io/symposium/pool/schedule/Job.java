package io.symposium.pool.schedule;

import io.symposium.pool.ModelBackend;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** One queued unit of work for a model: what to run on its backend, and where its outcome goes. */
record Job<T>(
    String model,
    Instant enqueued,
    Function<ModelBackend, CompletableFuture<T>> call,
    CompletableFuture<T> outcome,
    int attempt) {

  /** The same work for another attempt; it keeps its place in time and its caller's future. */
  Job<T> retry() {
    return new Job<>(model, enqueued, call, outcome, attempt + 1);
  }
}
