package io.symposium.aggregate;

import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelPool;
import io.symposium.pool.StreamEvent;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs completions on a named model, whole or streamed: the one thing LLM synthesis needs from the
 * model pool.
 */
@FunctionalInterface
public interface Generator {

  Mono<Completion> generate(String modelId, CompletionRequest request);

  /**
   * The completion's text in pieces as the model generates them; they concatenate to the text
   * {@link #generate} would give. A generator that cannot stream gives its whole text as one piece.
   */
  default Flux<String> stream(String modelId, CompletionRequest request) {
    return generate(modelId, request).map(Completion::text).flux();
  }

  /**
   * {@link #stream}'s pieces, then one {@link StreamEvent.End} with the call's token counts. A
   * generator that cannot count its stream ends with the number of pieces, {@code counted} false.
   */
  default Flux<StreamEvent> streamEvents(String modelId, CompletionRequest request) {
    return Flux.defer(
        () -> {
          AtomicInteger pieces = new AtomicInteger();
          return stream(modelId, request)
              .<StreamEvent>map(
                  text -> {
                    pieces.incrementAndGet();
                    return new StreamEvent.Piece(text);
                  })
              .concatWith(Mono.fromSupplier(() -> new StreamEvent.End(0, pieces.get(), false)));
        });
  }

  /** Completions from {@code pool}, whole or streamed, scheduled by the pool. */
  static Generator of(ModelPool pool) {
    return new Generator() {
      @Override
      public Mono<Completion> generate(String modelId, CompletionRequest request) {
        return pool.generate(modelId, request);
      }

      @Override
      public Flux<String> stream(String modelId, CompletionRequest request) {
        return pool.stream(modelId, request);
      }

      @Override
      public Flux<StreamEvent> streamEvents(String modelId, CompletionRequest request) {
        return pool.streamEvents(modelId, request);
      }
    };
  }
}
