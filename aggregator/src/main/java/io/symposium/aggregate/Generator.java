package io.symposium.aggregate;

import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelPool;
import reactor.core.publisher.Mono;

/** Runs one completion on a named model: the one thing LLM synthesis needs from the model pool. */
@FunctionalInterface
public interface Generator {

  Mono<Completion> generate(String modelId, CompletionRequest request);

  /** Completions from {@code pool}, scheduled by the pool. */
  static Generator of(ModelPool pool) {
    return pool::generate;
  }
}
