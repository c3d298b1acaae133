package io.symposium.orchestrator.query;

import io.symposium.aggregate.Generator;
import io.symposium.orchestrator.query.QueryResult.CallRole;
import io.symposium.orchestrator.query.QueryResult.ModelCall;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The token counts of every model call one query made, recorded once around the generator (so an
 * expert, its replacements and the aggregator are counted alike) rather than by each caller. A
 * whole completion brings the pool's counts; a stream is counted as its pieces (llama.cpp sends one
 * per token) with its prompt uncounted, since the pool's stream reports no counts. A failed call is
 * not recorded: the pool reports no counts for it.
 */
final class TokenLedger {

  private final Queue<ModelCall> calls = new ConcurrentLinkedQueue<>();

  /** {@code generator}, with each call it completes recorded under {@code role}. */
  Generator counting(Generator generator, CallRole role) {
    return new Generator() {
      @Override
      public Mono<Completion> generate(String modelId, CompletionRequest request) {
        return generator
            .generate(modelId, request)
            .doOnNext(
                c ->
                    calls.add(
                        new ModelCall(
                            modelId, role, c.promptTokens(), c.completionTokens(), true)));
      }

      @Override
      public Flux<String> stream(String modelId, CompletionRequest request) {
        return Flux.defer(
            () -> {
              AtomicInteger pieces = new AtomicInteger();
              return generator.stream(modelId, request)
                  .doOnNext(piece -> pieces.incrementAndGet())
                  .doOnComplete(
                      () -> calls.add(new ModelCall(modelId, role, 0, pieces.get(), false)));
            });
      }
    };
  }

  /** The calls so far, in the order they completed. */
  QueryResult.Usage usage() {
    return new QueryResult.Usage(List.copyOf(calls));
  }
}
