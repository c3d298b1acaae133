package io.symposium.orchestrator.openaicompat;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.pool.CompletionRequest;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/** Answers a question through the routing pipeline, for the facade's model {@code symposium}. */
public interface RoutedChat {

  /**
   * The answer to {@code question}, run when its parts are subscribed and logged under its query
   * id.
   *
   * @param problems how a failure reads to the facade's client; the query log keeps the same body
   */
  RoutedAnswer answer(
      String question, CompletionRequest limits, Function<Throwable, ApiProblemException> problems);

  /** A routed answer: its id in the query log and its parts, in order. */
  record RoutedAnswer(UUID queryId, Flux<Part> parts) {}

  /** What a routed answer sends: pieces of its text, then how it ended. */
  sealed interface Part {

    /** A piece of the final answer; the pieces concatenate to exactly the final answer. */
    record Text(String text) implements Part {}

    /** The end: the whole final answer and how it was routed. */
    record Finished(String answer, Trace trace) implements Part {}
  }

  /**
   * The routing trace a client can read (the extension member {@code symposium}); the query log
   * ({@code GET /v1/queries/{queryId}}) has the rest.
   *
   * @param experts the recruited experts, each once, in draw order
   * @param fallbacks the routing rules that replaced the main formula
   * @param method how the final answer was decided
   * @param aggregator the aggregator model, when one ran
   */
  record Trace(
      UUID queryId,
      List<String> experts,
      List<String> fallbacks,
      String method,
      @Nullable String aggregator) {
    public Trace {
      experts = List.copyOf(experts);
      fallbacks = List.copyOf(fallbacks);
    }
  }
}
