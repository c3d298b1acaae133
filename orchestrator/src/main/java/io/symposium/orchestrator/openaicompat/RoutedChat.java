package io.symposium.orchestrator.openaicompat;

import io.symposium.pool.CompletionRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Answers a question through the routing pipeline, for the facade's model {@code symposium}. */
public interface RoutedChat {

  /** The final answer's text. */
  Mono<String> answer(String question, CompletionRequest limits);

  /** The final answer as a stream of text pieces. */
  Flux<String> stream(String question, CompletionRequest limits);
}
