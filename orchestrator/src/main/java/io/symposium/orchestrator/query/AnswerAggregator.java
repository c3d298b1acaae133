package io.symposium.orchestrator.query;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.aggregate.AggregationStrategy;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.Question;
import io.symposium.aggregate.SynthesisSettings;
import io.symposium.orchestrator.query.QueryResult.ExpertOutcome;
import io.symposium.orchestrator.query.QueryResult.ExpertStatus;
import io.symposium.orchestrator.routing.RoutingDecision;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Decides a query's final answer from its experts' answers: the plan's {@link Aggregation}, with
 * the rules around it. One answer needs no synthesis (a vote of one takes it as it is); with
 * skip-when-all-agree a unanimous answer is taken without running the aggregation; and a failing
 * aggregator (down, a prompt beyond its context) does not cost the query its answer, a majority
 * vote replaces it.
 *
 * <p>The final answer's text streams into the {@link AnswerPieces}: the aggregator's pieces as it
 * writes them when synthesis runs and the plan's delivery is streamed; else nothing here (a lone
 * expert already streamed its answer, a vote has no tokens) and the whole text goes out as one
 * piece. The vote can replace a failed aggregator without contradicting the stream because {@link
 * AggregationStrategy#llmSynthesis} fails only while nothing it wrote went out; after that, its
 * output is the final text.
 */
final class AnswerAggregator {

  private final Generator generator;
  private final Function<String, AggregationPrompt> prompts;
  private final AnswerExtractor extractor;

  AnswerAggregator(
      Generator generator, Function<String, AggregationPrompt> prompts, AnswerExtractor extractor) {
    this.generator = generator;
    this.prompts = prompts;
    this.extractor = extractor;
  }

  /** The final answer, its text sent to {@code pieces} as it is decided. */
  Mono<FinalAnswer> decide(
      RoutingContext context,
      QueryPlan plan,
      Question question,
      RoutingDecision routing,
      List<ExpertOutcome> outcomes,
      AnswerPieces pieces) {
    List<ExpertAnswer> answers = answers(routing, outcomes);
    AggregationStrategy fallback = AggregationStrategy.majorityVote(extractor);
    AggregationStrategy strategy = strategy(context, plan, answers.size());
    return (plan.delivery() == Delivery.STREAMED
            ? strategy.aggregate(question, answers, pieces::accept)
            : strategy.aggregate(question, answers))
        .onErrorResume(e -> fallback.aggregate(question, answers))
        .doOnNext(answer -> pieces.finish(answer.text()));
  }

  private AggregationStrategy strategy(RoutingContext context, QueryPlan plan, int answers) {
    if (plan.strategy() == Strategy.SINGLE || answers == 1) {
      return AggregationStrategy.majorityVote(extractor);
    }
    AggregationStrategy chosen =
        plan.aggregation()
            .strategy(
                extractor,
                AggregationStrategy.llmSynthesis(
                    generator,
                    context.aggregatorModel(),
                    prompts.apply(context.aggregatorModel()),
                    extractor,
                    SynthesisSettings.greedy(plan.maxTokens()).withSeed(plan.samplingSeed())));
    return plan.skipWhenAllAgree()
        ? AggregationStrategy.skipWhenAllAgree(extractor, chosen)
        : chosen;
  }

  /** The answered experts, each weighted by its draws times its routing probability. */
  private static List<ExpertAnswer> answers(RoutingDecision routing, List<ExpertOutcome> outcomes) {
    Map<String, Double> probability = routing.probabilities();
    return outcomes.stream()
        .filter(o -> o.status() == ExpertStatus.ANSWERED && o.answer() != null)
        .map(
            o ->
                new ExpertAnswer(
                    o.model(),
                    o.answer(),
                    o.extracted(),
                    o.draws() * probability.getOrDefault(o.model(), 0.0)))
        .toList();
  }
}
