package io.symposium.orchestrator.query;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.Question;
import io.symposium.profile.ProfilingPrompts;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Answers one question: the task's profiles → the question's skills → routing → the expert panel
 * (every expert through the pool, so concurrent queries batch by model) → aggregation. It composes
 * the parts and computes nothing itself; plain Java, usable without Spring (evals run it directly).
 *
 * <p>A failing expert is replaced by the routing decision's next-best candidate ({@link
 * ExpertPanel}); the final answer's text streams as it is generated ({@link AnswerPieces}).
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
  private final AnswerExtractor extractor = AnswerExtractor.forFormat(ExtractionMode.LENIENT);
  private final Supplier<List<String>> loadHistory;
  private final Predicate<String> sparseMoe;

  /**
   * @param expertPrompts the prompt style each model was trained for (the zoo's compact one, or the
   *     detailed one)
   * @param aggregationPrompts likewise for aggregator models
   * @param loadHistory the pool's model loads so far, in order
   * @param sparseMoe whether a model is a sparse-MoE model, which a query's active-expert count
   *     applies to
   */
  public QueryPipeline(
      RoutingContexts contexts,
      Generator generator,
      Function<String, ProfilingPrompts> expertPrompts,
      Function<String, AggregationPrompt> aggregationPrompts,
      Supplier<List<String>> loadHistory,
      Predicate<String> sparseMoe) {
    this.contexts = contexts;
    this.generator = generator;
    this.expertPrompts = expertPrompts;
    this.aggregationPrompts = aggregationPrompts;
    this.loadHistory = loadHistory;
    this.sparseMoe = sparseMoe;
  }

  /** A pipeline whose models are all dense, so an active-expert count applies to none. */
  public QueryPipeline(
      RoutingContexts contexts,
      Generator generator,
      Function<String, ProfilingPrompts> expertPrompts,
      Function<String, AggregationPrompt> aggregationPrompts,
      Supplier<List<String>> loadHistory) {
    this(contexts, generator, expertPrompts, aggregationPrompts, loadHistory, model -> false);
  }

  /** Runs the query, reporting each stage to {@code events} as it completes. */
  public Mono<QueryResult> run(UUID id, QueryPlan plan, Consumer<QueryEvent> events) {
    return run(id, plan, events, context -> context.findSkills(plan.question()));
  }

  /**
   * Runs the query with its skills found by {@code skills}: the phased offline plan gives the ones
   * it found in its first phase (with the keyword calls that found them), so that the keyword model
   * is not asked again.
   */
  Mono<QueryResult> run(
      UUID id,
      QueryPlan plan,
      Consumer<QueryEvent> events,
      Function<RoutingContext, Mono<RoutingContext.FoundSkills>> findSkills) {
    return Mono.defer(
        () -> {
          Question question = plan.asQuestion();
          // per query, so that the ledger holds this query's calls and conversation only
          CallLedger ledger = new CallLedger(plan.earlierTurns());
          ExpertPanel panel =
              new ExpertPanel(
                  ledger.counting(generator, QueryResult.CallRole.EXPERT),
                  expertPrompts,
                  extractor,
                  sparseMoe);
          AnswerAggregator aggregator =
              new AnswerAggregator(
                  ledger.counting(generator, QueryResult.CallRole.AGGREGATOR),
                  aggregationPrompts,
                  extractor);
          QueryTrace trace = new QueryTrace(id, plan, question, events, loadHistory, ledger);
          AnswerPieces pieces = new AnswerPieces(events);
          return contexts
              .forTask(plan.task())
              .flatMap(
                  context ->
                      findSkills
                          .apply(context)
                          .map(
                              found -> {
                                ledger.keywordCalls(found.calls());
                                return trace.skillsFound(found.skills());
                              })
                          .map(
                              skills ->
                                  plan.strategy()
                                      .route(
                                          context.profiles(),
                                          skills.mapped(),
                                          plan.k(),
                                          plan.seed(),
                                          plan.knobs()))
                          .map(trace::routed)
                          .flatMap(routing -> panel.answer(question, plan, routing, events, pieces))
                          .map(trace::answered)
                          .flatMap(
                              experts ->
                                  aggregator.decide(
                                      context, plan, question, trace.routing(), experts, pieces))
                          .map(trace::done));
        });
  }
}
