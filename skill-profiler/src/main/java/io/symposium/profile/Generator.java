package io.symposium.profile;

import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelPool;
import reactor.core.publisher.Mono;

/**
 * Where the profiler's generations come from: the model pool in production, a scripted fake in unit
 * tests of the bookkeeping.
 */
@FunctionalInterface
public interface Generator {

  /** The text {@code modelId} generates for {@code request}, scheduled by the implementation. */
  Mono<String> generate(String modelId, CompletionRequest request);

  /** Generations through {@code pool}, which batches them by model. */
  static Generator of(ModelPool pool) {
    return (modelId, request) -> pool.generate(modelId, request).map(Completion::text);
  }
}
