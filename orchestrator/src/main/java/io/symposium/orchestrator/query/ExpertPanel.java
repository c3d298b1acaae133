package io.symposium.orchestrator.query;

import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.Question;
import io.symposium.orchestrator.query.QueryResult.ExpertOutcome;
import io.symposium.orchestrator.query.QueryResult.ExpertStatus;
import io.symposium.orchestrator.routing.RoutingDecision;
import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.ModelRejectedException;
import io.symposium.pool.PoolException;
import io.symposium.profile.ProfilingPrompts;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The experts a routing decision recruits, answering one question at once through the generator (so
 * that concurrent queries batch by model in the pool). A failed expert is replaced by the
 * decision's next-best candidate, once per failure while candidates last; each recruit's chain of
 * replacements runs on its own, and the candidates are shared through a lock-free queue.
 *
 * <p>A lone recruit's answer is the final answer (one answer needs no aggregation), so when the
 * plan's delivery is streamed it streams into the {@link AnswerPieces}; once any of it went out, a
 * failure is not replaced, because the client has seen the failed expert's text.
 */
final class ExpertPanel {

  /** One expert's outcome, and the failure behind it when it failed. */
  private record Attempt(ExpertOutcome outcome, @Nullable Throwable failure) {}

  /** The candidates left to replace a failed expert, and how many replacements the budget pays. */
  private record Spares(Queue<String> candidates, AtomicInteger budget) {
    @Nullable String poll() {
      if (budget.getAndDecrement() <= 0) {
        budget.incrementAndGet();
        return null;
      }
      @Nullable String next = candidates.poll();
      if (next == null) {
        budget.incrementAndGet();
      }
      return next;
    }
  }

  /** A reply's text and token counts. */
  private record Reply(String text, int promptTokens, int completionTokens) {}

  private final Generator generator;
  private final Function<String, ProfilingPrompts> prompts;
  private final AnswerExtractor extractor;
  private final Predicate<String> sparseMoe;

  ExpertPanel(
      Generator generator,
      Function<String, ProfilingPrompts> prompts,
      AnswerExtractor extractor,
      Predicate<String> sparseMoe) {
    this.generator = generator;
    this.prompts = prompts;
    this.extractor = extractor;
    this.sparseMoe = sparseMoe;
  }

  /**
   * Every outcome in the order they arrive, each reported as it arrives; fails (see {@link
   * #noAnswer}) when no expert answered.
   */
  Mono<List<ExpertOutcome>> answer(
      Question question,
      QueryPlan plan,
      RoutingDecision routing,
      Consumer<QueryEvent> events,
      AnswerPieces pieces) {
    List<String> recruits = plan.strategy().recruits(routing);
    Queue<String> spares = new ConcurrentLinkedQueue<>(plan.strategy().spares(routing));
    // the plan checked that the budget covers every recruit: what is left pays for replacements
    Integer budget = plan.knobs().maxExpertCalls();
    AtomicInteger replacements =
        new AtomicInteger(budget == null ? Integer.MAX_VALUE : budget - recruits.size());
    // a lone recruit's answer is the final answer: it streams when the client wants a stream
    @Nullable AnswerPieces streamed =
        recruits.size() == 1 && plan.delivery() == Delivery.STREAMED ? pieces : null;
    return Flux.fromIterable(recruits)
        .flatMap(
            model ->
                seat(
                    question,
                    plan,
                    model,
                    routing.multiplicity(model),
                    null,
                    new Spares(spares, replacements),
                    streamed))
        .doOnNext(attempt -> events.accept(new QueryEvent.ExpertDone(attempt.outcome())))
        .collectList()
        .flatMap(
            attempts ->
                attempts.stream().anyMatch(a -> a.failure() == null)
                    ? Mono.just(attempts.stream().map(Attempt::outcome).toList())
                    : Mono.error(noAnswer(attempts)));
  }

  /** One seat on the panel: its expert's attempt, then its replacements' while they fail. */
  private Flux<Attempt> seat(
      Question question,
      QueryPlan plan,
      String model,
      int draws,
      @Nullable String replaces,
      Spares spares,
      @Nullable AnswerPieces streamed) {
    return attempt(question, plan, model, draws, replaces, streamed)
        .flatMapMany(
            attempt -> {
              boolean shown = streamed != null && streamed.started();
              @Nullable String next = attempt.failure() == null || shown ? null : spares.poll();
              return next == null
                  ? Flux.just(attempt)
                  : Flux.just(attempt)
                      .concatWith(seat(question, plan, next, draws, model, spares, streamed));
            });
  }

  private Mono<Attempt> attempt(
      Question question,
      QueryPlan plan,
      String model,
      int draws,
      @Nullable String replaces,
      @Nullable AnswerPieces streamed) {
    @Nullable Integer activeExperts = activeExperts(plan, model);
    CompletionRequest request = request(question, plan, model);
    return Mono.defer(
        () -> {
          long start = System.nanoTime();
          return reply(model, request, streamed)
              .map(
                  reply ->
                      new Attempt(
                          new ExpertOutcome(
                              model,
                              draws,
                              ExpertStatus.ANSWERED,
                              reply.text().strip(),
                              extractor.extract(question, reply.text()).orElse(null),
                              replaces,
                              null,
                              millis(System.nanoTime() - start),
                              reply.promptTokens(),
                              reply.completionTokens(),
                              activeExperts),
                          null))
              .onErrorResume(
                  e ->
                      Mono.just(
                          new Attempt(
                              new ExpertOutcome(
                                  model,
                                  draws,
                                  ExpertStatus.FAILED,
                                  null,
                                  null,
                                  replaces,
                                  String.valueOf(e.getMessage()),
                                  millis(System.nanoTime() - start),
                                  0,
                                  0,
                                  activeExperts),
                              e)));
        });
  }

  /**
   * What {@code model} is asked for {@code question} (before the conversation goes in front of it):
   * also what the phased offline plan generates ahead, so that the panel finds it answered.
   */
  CompletionRequest request(Question question, QueryPlan plan, String model) {
    ProfilingPrompts style = prompts.apply(model);
    return CompletionRequest.greedy(style.expert(question), plan.maxTokens())
        .asUserTurn()
        .withSampling(0, plan.samplingSeed())
        .withStop(style.expertStops())
        .withActiveExperts(activeExperts(plan, model));
  }

  /** A dense model has no experts to choose: the count applies to the sparse-MoE ones only. */
  private @Nullable Integer activeExperts(QueryPlan plan, String model) {
    return sparseMoe.test(model) ? plan.knobs().activeExperts() : null;
  }

  private Mono<Reply> reply(
      String model, CompletionRequest request, @Nullable AnswerPieces streamed) {
    if (streamed == null) {
      return generator
          .generate(model, request)
          .map(c -> new Reply(c.text(), c.promptTokens(), c.completionTokens()));
    }
    // a stream reports no token counts: its pieces are about one token each (llama.cpp sends one
    // per token), and the prompt's tokens are not known
    return generator.stream(model, request)
        .doOnNext(streamed::accept)
        .collectList()
        .map(pieces -> new Reply(String.join("", pieces), 0, pieces.size()));
  }

  /**
   * Why no expert answered. When every failure is one that cannot pass on a retry (the question
   * fits no recruited expert's context, a rejected request), the query fails the same way, so the
   * client is not told to retry; otherwise the pool was unavailable.
   */
  private static PoolException noAnswer(List<Attempt> attempts) {
    String detail =
        attempts.stream()
            .map(a -> a.outcome().model() + " (" + a.outcome().error() + ")")
            .toList()
            .toString();
    List<Throwable> failures =
        attempts.stream().map(Attempt::failure).filter(Objects::nonNull).toList();
    boolean permanent =
        !failures.isEmpty()
            && failures.stream().allMatch(e -> e instanceof PoolException p && !p.retriable());
    if (!permanent) {
      return new BackendUnavailableException(
          "every recruited expert and every replacement failed: " + detail);
    }
    if (failures.stream().allMatch(e -> e instanceof ContextLengthExceededException)) {
      return new ContextLengthExceededException(
          "the question and its answer limit fit the context of no recruited expert or"
              + " replacement: "
              + detail,
          failures.getFirst());
    }
    return new ModelRejectedException(
        "every recruited expert and every replacement rejected the request: " + detail,
        failures.getFirst());
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
