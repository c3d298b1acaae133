package io.symposium.pool.llamacpp.engine;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A running (or queued) generation on a {@link LoadedModel}: its result to wait for, and a way to
 * cancel it. Cancelling is checked between decode steps and, when every sequence of a step is
 * cancelled, also inside the running {@code llama_decode} through its abort callback; the sequence
 * then ends with {@link EngineFinish#CANCELLED} and frees its slot.
 */
public final class RunningGeneration {
  private final GenerationRequest request;
  private final Consumer<String> pieces;
  private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
  private final CompletableFuture<GenerationResult> view = result.copy();
  private final Runnable wake;
  private volatile boolean cancelled;

  RunningGeneration(GenerationRequest request, Consumer<String> pieces, Runnable wake) {
    this.request = request;
    this.pieces = pieces;
    this.wake = wake;
  }

  public GenerationRequest request() {
    return request;
  }

  /**
   * Completes with the result, or exceptionally with an {@link EngineException} (or with what the
   * piece consumer threw). Dependent actions that are not {@code *Async} run on the model's decode
   * thread: keep them short.
   */
  public CompletableFuture<GenerationResult> result() {
    return view;
  }

  /**
   * Asks the generation to stop; its result then has {@link EngineFinish#CANCELLED}. Idempotent.
   */
  public void cancel() {
    cancelled = true;
    wake.run();
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** Blocks until the generation ends and returns its result, rethrowing its failure unwrapped. */
  public GenerationResult await() {
    Downcalls.guardThread();
    try {
      return result.join();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  // ---- decode thread side ----

  void emit(String piece) {
    if (!piece.isEmpty()) {
      pieces.accept(piece);
    }
  }

  void complete(GenerationResult r) {
    result.complete(r);
  }

  void fail(Throwable t) {
    result.completeExceptionally(t);
  }

  boolean isDone() {
    return result.isDone();
  }
}
