package io.symposium.pool;

import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Flux;

/**
 * Talks to one kind of engine. The pool calls it; timeouts, retries, concurrency limits, timing and
 * metrics happen once in the pool around these calls, never inside a backend.
 */
public interface ModelBackend extends AutoCloseable {

  BackendKind kind();

  /**
   * Makes the model ready to serve: loads its weights for a local backend, checks the server knows
   * it for a remote one. Blocking; the pool calls it on its loader thread.
   */
  void load(ModelSpec spec);

  /** Frees what {@link #load} took. Blocking; never called while the model has work in flight. */
  void unload(ModelSpec spec);

  /** Runs one completion; requests for one model that are pending together are decoded together. */
  CompletableFuture<Completion> complete(ModelSpec spec, CompletionRequest request);

  /**
   * The completion's text in pieces as it is generated, then, where the engine reports them, one
   * {@link StreamEvent.End} with its token counts (a backend that cannot count sends none; the pool
   * then counts the pieces). Cancelling the subscription cancels the generation.
   */
  Flux<StreamEvent> stream(ModelSpec spec, CompletionRequest request);

  /**
   * How often the engine's process was replaced after a crash or a hang (a local worker); 0 for a
   * remote server.
   */
  default int engineRestarts() {
    return 0;
  }

  @Override
  default void close() {}
}
