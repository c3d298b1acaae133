package io.symposium.orchestrator.openaicompat;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.pool.ChatPrompt;
import io.symposium.pool.CompletionRequest;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/** Answers a question through the routing pipeline, for the facade's model {@code symposium}. */
public interface RoutedChat {

  /**
   * The answer to the conversation's question, run when its parts are subscribed and logged under
   * its query id.
   *
   * @param problems how a failure reads to the facade's client; the query log keeps the same body
   */
  RoutedAnswer answer(
      Conversation conversation,
      CompletionRequest limits,
      Delivery delivery,
      Function<Throwable, ApiProblemException> problems);

  /**
   * What the client asked: the question (its last user message), which is routed, and the turns
   * before it, oldest first, which the experts and the aggregator see as far as their contexts hold
   * them.
   */
  record Conversation(String question, List<ChatPrompt.Message> earlier, Knobs knobs) {
    public Conversation {
      earlier = List.copyOf(earlier);
    }

    /** A conversation routed without knobs. */
    public Conversation(String question, List<ChatPrompt.Message> earlier) {
      this(question, earlier, Knobs.NONE);
    }

    /** A question without earlier turns. */
    public static Conversation of(String question) {
      return new Conversation(question, List.of());
    }
  }

  /**
   * The client's routing knobs, as {@code /v1/query} takes them (the active-expert count travels in
   * the completion request).
   */
  record Knobs(@Nullable Double topP, boolean deterministic, @Nullable Integer maxExpertCalls) {
    public static final Knobs NONE = new Knobs(null, false, null);
  }

  /** Whether the client reads the answer as a stream. */
  enum Delivery {
    WHOLE,
    STREAMED
  }

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
   * @param usage the tokens of every model call the answer took
   * @param conversation the earlier turns the experts and the aggregator were given, and how many
   *     of them the smallest context had to leave out
   */
  record Trace(
      UUID queryId,
      List<String> experts,
      List<String> fallbacks,
      String method,
      @Nullable String aggregator,
      Usage usage,
      Turns conversation) {
    public Trace {
      experts = List.copyOf(experts);
      fallbacks = List.copyOf(fallbacks);
    }
  }

  /**
   * The tokens of a routed answer: the sums the OpenAI {@code usage} reports, and each call.
   *
   * @param promptsCounted false when a call streamed from a backend that reports no counts at the
   *     end of a stream, so that its prompt went uncounted
   */
  record Usage(int promptTokens, int completionTokens, boolean promptsCounted, List<Call> calls) {
    public Usage {
      calls = List.copyOf(calls);
    }
  }

  /**
   * One model call of a routed answer.
   *
   * @param role {@code keywords}, {@code expert} or {@code aggregator}
   * @param turnsDropped the conversation's oldest turns left out to fit this model's context
   * @param cached true for the keyword model's one entry when the question's keywords came from the
   *     cache: no call was made (0 tokens)
   */
  record Call(
      String model,
      String role,
      int promptTokens,
      int completionTokens,
      int turnsDropped,
      boolean cached) {}

  /**
   * The conversation a routed answer was given.
   *
   * @param earlierTurns the messages before the question
   * @param mostDropped the most of them any call left out, oldest first, to fit its context
   */
  record Turns(int earlierTurns, int mostDropped) {}
}
