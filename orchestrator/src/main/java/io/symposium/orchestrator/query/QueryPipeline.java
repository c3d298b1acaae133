package io.symposium.orchestrator.query;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.aggregate.AggregationStrategy;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.Question;
import io.symposium.aggregate.SynthesisSettings;
import io.symposium.aggregate.TaskFormat;
import io.symposium.orchestrator.routing.ModelScore;
import io.symposium.orchestrator.routing.Router;
import io.symposium.orchestrator.routing.RoutingDecision;
import io.symposium.orchestrator.routing.RoutingInput;
import io.symposium.orchestrator.routing.RoutingOptions;
import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.ModelRejectedException;
import io.symposium.pool.PoolException;
import io.symposium.profile.ProfilingPrompts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Answers one question: extract skills → route → generate every expert's answer through the pool
 * (so concurrent queries batch by model) → aggregate. It composes the modules and computes nothing
 * itself; plain Java, usable without Spring (evals run it directly).
 *
 * <p>A failing expert is replaced by the routing decision's next-best candidate, once per failure
 * while candidates last; the query still answers, and its result lists the failure.
 */
public final class QueryPipeline {

  /**
   * Where routing contexts (active profiles, vocabulary, keyword and aggregator models) come from.
   */
  @FunctionalInterface
  public interface RoutingContexts {
    Mono<RoutingContext> forTask(String task);
  }

  private final RoutingContexts contexts;
  private final Generator generator;
  private final Function<String, ProfilingPrompts> expertPrompts;
  private final Function<String, AggregationPrompt> aggregationPrompts;
  private final Supplier<List<String>> loadHistory;
  private final AnswerExtractor extractor = AnswerExtractor.forFormat(ExtractionMode.LENIENT);

  /**
   * @param expertPrompts the prompt style each model was trained for (the zoo's compact one, or the
   *     detailed one)
   * @param aggregationPrompts likewise for aggregator models
   * @param loadHistory the pool's model loads so far, in order
   */
  public QueryPipeline(
      RoutingContexts contexts,
      Generator generator,
      Function<String, ProfilingPrompts> expertPrompts,
      Function<String, AggregationPrompt> aggregationPrompts,
      Supplier<List<String>> loadHistory) {
    this.contexts = contexts;
    this.generator = generator;
    this.expertPrompts = expertPrompts;
    this.aggregationPrompts = aggregationPrompts;
    this.loadHistory = loadHistory;
  }

  /** Runs the query, reporting each stage to {@code events} as it completes. */
  public Mono<QueryResult> run(UUID id, QueryPlan plan, Consumer<QueryEvent> events) {
    return Mono.defer(
        () -> {
          long start = System.nanoTime();
          int loadsBefore = loadHistory.get().size();
          return contexts
              .forTask(plan.task())
              .flatMap(
                  context -> {
                    Question question = question(plan);
                    return skills(context, plan.question())
                        .flatMap(
                            skills -> {
                              long skillsDone = System.nanoTime();
                              events.accept(new QueryEvent.SkillsFound(skills));
                              RoutingDecision routing = route(context, plan, skills);
                              long routed = System.nanoTime();
                              events.accept(new QueryEvent.Routed(routing));
                              return answers(plan, question, routing, events)
                                  .flatMap(
                                      outcomes -> {
                                        long answered = System.nanoTime();
                                        return aggregate(context, plan, question, routing, outcomes)
                                            .map(
                                                finalAnswer -> {
                                                  events.accept(
                                                      new QueryEvent.AnswerPiece(
                                                          finalAnswer.text()));
                                                  events.accept(
                                                      new QueryEvent.Aggregated(finalAnswer));
                                                  long end = System.nanoTime();
                                                  List<String> history = loadHistory.get();
                                                  QueryResult result =
                                                      new QueryResult(
                                                          id,
                                                          plan.question(),
                                                          finalAnswer.text(),
                                                          finalAnswer.extracted(),
                                                          question.format(),
                                                          plan.task(),
                                                          plan.strategy().id(),
                                                          skills,
                                                          routing,
                                                          outcomes,
                                                          finalAnswer,
                                                          history.subList(
                                                              Math.min(loadsBefore, history.size()),
                                                              history.size()),
                                                          new QueryResult.Timings(
                                                              millis(skillsDone - start),
                                                              (routed - skillsDone) / 1000,
                                                              millis(answered - routed),
                                                              millis(end - answered),
                                                              millis(end - start)));
                                                  events.accept(new QueryEvent.Done(result));
                                                  return result;
                                                });
                                      });
                            });
                  });
        });
  }

  private Question question(QueryPlan plan) {
    if (plan.format() != null) {
      return Question.of(plan.question(), plan.format());
    }
    // no gold answer at query time: a question that lists options "(A) … (B) …" is multiple choice
    try {
      Question asMultipleChoice = Question.of(plan.question(), TaskFormat.MULTIPLE_CHOICE);
      if (asMultipleChoice.options().size() >= 2) {
        return asMultipleChoice;
      }
    } catch (IllegalArgumentException e) {
      // a lone "(A)" or more than ten options: not a multiple-choice list we can answer by letter
    }
    return Question.of(plan.question(), TaskFormat.FREE_TEXT);
  }

  /**
   * Raw keywords from the keyword model, mapped onto the profile vocabulary; none without a keyword
   * model.
   */
  static Mono<QueryResult.Skills> skills(RoutingContext context, String question) {
    if (context.keywords() == null) {
      return Mono.just(new QueryResult.Skills(List.of(), List.of()));
    }
    return context
        .keywords()
        .extract(question)
        .map(
            raw ->
                new QueryResult.Skills(
                    raw, raw.isEmpty() ? List.of() : context.vocabulary().map(raw)));
  }

  static RoutingDecision route(RoutingContext context, QueryPlan plan, QueryResult.Skills skills) {
    int models = context.profiles().size();
    return switch (plan.strategy()) {
      case SYMBOLIC_MOE ->
          Router.symbolicMoe()
              .route(
                  new RoutingInput(
                      context.profiles(),
                      skills.mapped(),
                      RoutingOptions.sample(plan.k(), plan.seed())));
      case COE ->
          Router.compositionOfExperts()
              .route(
                  new RoutingInput(
                      context.profiles(),
                      skills.mapped(),
                      RoutingOptions.sample(plan.k(), plan.seed())));
      case SINGLE ->
          Router.symbolicMoe()
              .route(new RoutingInput(context.profiles(), skills.mapped(), RoutingOptions.topK(1)));
      case ALL ->
          Router.symbolicMoe()
              .route(
                  new RoutingInput(
                      context.profiles(), skills.mapped(), RoutingOptions.topK(models)));
    };
  }

  /**
   * Every distinct expert answers at once; a failure is replaced by the next-best candidate while
   * any is left.
   */
  private Mono<List<QueryResult.ExpertOutcome>> answers(
      QueryPlan plan, Question question, RoutingDecision routing, Consumer<QueryEvent> events) {
    // "all" asks every profiled model, so none is left to stand in for a failure
    List<String> recruits = new ArrayList<>(routing.distinctExperts());
    Deque<String> spare = new ArrayDeque<>(routing.nextBest());
    if (plan.strategy() == Strategy.ALL) {
      recruits.addAll(spare);
      spare.clear();
    }
    List<QueryResult.ExpertOutcome> outcomes = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    return Flux.fromIterable(recruits)
        .flatMap(
            model ->
                answer(
                    plan,
                    question,
                    model,
                    routing.multiplicity(model),
                    null,
                    spare,
                    outcomes,
                    failures,
                    events))
        .then(
            Mono.fromSupplier(
                () -> {
                  synchronized (outcomes) {
                    if (outcomes.stream()
                        .noneMatch(o -> o.status() == QueryResult.ExpertStatus.ANSWERED)) {
                      throw noAnswer(outcomes, failures);
                    }
                    return List.copyOf(outcomes);
                  }
                }));
  }

  /**
   * Why no expert answered. When every failure is one that cannot pass on a retry (the question
   * fits no recruited expert's context, a rejected request), the query fails the same way, so the
   * client is not told to retry; otherwise the pool was unavailable.
   */
  private static PoolException noAnswer(
      List<QueryResult.ExpertOutcome> outcomes, List<Throwable> failures) {
    String detail =
        outcomes.stream().map(o -> o.model() + " (" + o.error() + ")").toList().toString();
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

  private Mono<Void> answer(
      QueryPlan plan,
      Question question,
      String model,
      int draws,
      @org.jspecify.annotations.Nullable String replaces,
      Deque<String> spare,
      List<QueryResult.ExpertOutcome> outcomes,
      List<Throwable> failures,
      Consumer<QueryEvent> events) {
    ProfilingPrompts prompts = expertPrompts.apply(model);
    CompletionRequest request =
        CompletionRequest.greedy(prompts.expert(question), plan.maxTokens())
            .withSampling(0, plan.seed() & 0xFFFF_FFFEL)
            .withStop(prompts.expertStops());
    long start = System.nanoTime();
    return generator
        .generate(model, request)
        .map(
            c ->
                new QueryResult.ExpertOutcome(
                    model,
                    draws,
                    QueryResult.ExpertStatus.ANSWERED,
                    c.text().strip(),
                    extractor.extract(question, c.text()).orElse(null),
                    replaces,
                    null,
                    millis(System.nanoTime() - start),
                    c.promptTokens(),
                    c.completionTokens()))
        .onErrorResume(
            e -> {
              synchronized (outcomes) {
                failures.add(e);
              }
              return Mono.just(
                  new QueryResult.ExpertOutcome(
                      model,
                      draws,
                      QueryResult.ExpertStatus.FAILED,
                      null,
                      null,
                      replaces,
                      String.valueOf(e.getMessage()),
                      millis(System.nanoTime() - start),
                      0,
                      0));
            })
        .flatMap(
            outcome -> {
              synchronized (outcomes) {
                outcomes.add(outcome);
              }
              events.accept(new QueryEvent.ExpertDone(outcome));
              if (outcome.status() == QueryResult.ExpertStatus.ANSWERED) {
                return Mono.empty();
              }
              String next;
              synchronized (spare) {
                next = spare.pollFirst();
              }
              return next == null
                  ? Mono.empty()
                  : answer(plan, question, next, draws, model, spare, outcomes, failures, events);
            });
  }

  private Mono<FinalAnswer> aggregate(
      RoutingContext context,
      QueryPlan plan,
      Question question,
      RoutingDecision routing,
      List<QueryResult.ExpertOutcome> outcomes) {
    Map<String, Double> probability = new java.util.HashMap<>();
    for (ModelScore score : routing.scores()) {
      probability.put(score.model(), score.probability());
    }
    List<ExpertAnswer> answers =
        outcomes.stream()
            .filter(o -> o.status() == QueryResult.ExpertStatus.ANSWERED)
            .map(
                o ->
                    new ExpertAnswer(
                        o.model(),
                        Objects.requireNonNull(o.answer(), "an answered expert has an answer"),
                        o.extracted(),
                        o.draws() * probability.getOrDefault(o.model(), 0.0)))
            .toList();
    AggregationStrategy strategy =
        switch (plan.aggregation()) {
          case SYNTHESIS ->
              AggregationStrategy.llmSynthesis(
                  generator,
                  context.aggregatorModel(),
                  aggregationPrompts.apply(context.aggregatorModel()),
                  extractor,
                  SynthesisSettings.greedy(plan.maxTokens()).withSeed(plan.seed() & 0xFFFF_FFFEL));
          case MAJORITY -> AggregationStrategy.majorityVote(extractor);
          case WEIGHTED -> AggregationStrategy.weightedVote(extractor);
        };
    if (plan.strategy() == Strategy.SINGLE || answers.size() == 1) {
      strategy = AggregationStrategy.majorityVote(extractor); // one answer needs no synthesis
    } else if (plan.skipWhenAllAgree()) {
      strategy = AggregationStrategy.skipWhenAllAgree(extractor, strategy);
    }
    AggregationStrategy fallback = AggregationStrategy.majorityVote(extractor);
    // a failing aggregator (down, a prompt beyond its context) must not cost the query its answer
    return strategy
        .aggregate(question, answers)
        .onErrorResume(e -> fallback.aggregate(question, answers));
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
