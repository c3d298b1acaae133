package io.symposium.orchestrator.query;

import io.symposium.aggregate.Generator;
import io.symposium.orchestrator.query.QueryResult.CallRole;
import io.symposium.orchestrator.query.QueryResult.ModelCall;
import io.symposium.pool.ChatPrompt;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every model call of one query, made once around the generator so that an expert, its replacements
 * and the aggregator are treated alike rather than by each caller:
 *
 * <ul>
 *   <li>the conversation before the question goes in front of each prompt, in the pool's chat
 *       format ({@link ChatPrompt#transcript}, the zoo's own turn format), and as messages before
 *       the call's own turn, which a model with a chat template reads instead; when the prompt then
 *       does not fit the model's context, the oldest turns are dropped one at a time (system
 *       messages last) until it fits or none is left;
 *   <li>each completed call is recorded with its tokens and the turns it saw. A whole completion
 *       brings the pool's counts, a stream the counts its end carries (the engine's; for a backend
 *       that reports none, its pieces with the prompt uncounted). A failed or cancelled call is not
 *       recorded: the pool reports no counts for it.
 * </ul>
 */
final class CallLedger {

  private final List<ChatPrompt.Message> earlier;
  // indices into earlier, in the order they are dropped: other turns oldest first, then system
  private final List<Integer> dropOrder;
  private final Queue<ModelCall> calls = new ConcurrentLinkedQueue<>();

  CallLedger(List<ChatPrompt.Message> earlierTurns) {
    this.earlier = List.copyOf(earlierTurns);
    List<Integer> order = new ArrayList<>();
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < earlier.size(); i++) {
        if (isSystem(earlier.get(i)) == (pass == 1)) {
          order.add(i);
        }
      }
    }
    this.dropOrder = List.copyOf(order);
  }

  private static boolean isSystem(ChatPrompt.Message m) {
    return m.role().equalsIgnoreCase("system") || m.role().equalsIgnoreCase("developer");
  }

  /** {@code generator}, with the conversation fitted before each prompt and each call recorded. */
  Generator counting(Generator generator, CallRole role) {
    return new Generator() {
      @Override
      public Mono<Completion> generate(String modelId, CompletionRequest request) {
        return fitted(
                request,
                0,
                (fitted, dropped) ->
                    generator
                        .generate(modelId, fitted)
                        .doOnNext(
                            c ->
                                calls.add(
                                    new ModelCall(
                                        modelId,
                                        role,
                                        c.promptTokens(),
                                        c.completionTokens(),
                                        true,
                                        dropped)))
                        .flux())
            .single();
      }

      @Override
      public Flux<String> stream(String modelId, CompletionRequest request) {
        return streamEvents(modelId, request)
            .ofType(StreamEvent.Piece.class)
            .map(StreamEvent.Piece::text);
      }

      @Override
      public Flux<StreamEvent> streamEvents(String modelId, CompletionRequest request) {
        return fitted(
            request,
            0,
            (fitted, dropped) ->
                generator
                    .streamEvents(modelId, fitted)
                    .doOnNext(
                        event -> {
                          if (event instanceof StreamEvent.End end) {
                            calls.add(
                                new ModelCall(
                                    modelId,
                                    role,
                                    end.promptTokens(),
                                    end.completionTokens(),
                                    end.counted(),
                                    dropped));
                          }
                        }));
      }
    };
  }

  /** What a call does with its fitted request and the number of turns dropped from it. */
  @FunctionalInterface
  private interface Call<T> {
    Flux<T> run(CompletionRequest fitted, int dropped);
  }

  /**
   * The call with the conversation less its {@code dropped} first-dropped turns before the prompt;
   * a context the prompt overflows (which the pool reports before anything is generated) retries
   * with one turn fewer.
   */
  private <T> Flux<T> fitted(CompletionRequest request, int dropped, Call<T> call) {
    return Flux.defer(
        () -> {
          Flux<T> attempt = call.run(withTurns(request, dropped), dropped);
          if (dropped >= earlier.size()) {
            return attempt;
          }
          return attempt.onErrorResume(
              ContextLengthExceededException.class, e -> fitted(request, dropped + 1, call));
        });
  }

  /** The request as its first attempt sends it: the whole conversation before the prompt. */
  CompletionRequest withConversation(CompletionRequest request) {
    return withTurns(request, 0);
  }

  private CompletionRequest withTurns(CompletionRequest request, int dropped) {
    if (earlier.isEmpty()) {
      return request;
    }
    List<Integer> gone = dropOrder.subList(0, dropped);
    List<ChatPrompt.Message> kept = new ArrayList<>();
    for (int i = 0; i < earlier.size(); i++) {
      if (!gone.contains(i)) {
        kept.add(earlier.get(i));
      }
    }
    return new CompletionRequest(
        ChatPrompt.transcript(kept) + request.prompt(),
        request.maxTokens(),
        request.temperature(),
        request.topP(),
        request.topK(),
        request.seed(),
        request.stop(),
        request.activeExperts(),
        request.messages() == null ? null : concat(kept, request.messages()));
  }

  private static List<ChatPrompt.Message> concat(
      List<ChatPrompt.Message> earlierTurns, List<ChatPrompt.Message> call) {
    List<ChatPrompt.Message> all = new ArrayList<>(earlierTurns);
    all.addAll(call);
    return all;
  }

  /** Records the keyword model's calls (or its cached entry) that found the question's skills. */
  void keywordCalls(List<ModelCall> keywordCalls) {
    calls.addAll(keywordCalls);
  }

  /** The calls so far, in the order they completed, and the turns they had to work with. */
  QueryResult.Usage usage() {
    return new QueryResult.Usage(earlier.size(), List.copyOf(calls));
  }
}
