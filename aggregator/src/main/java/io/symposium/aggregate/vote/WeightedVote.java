package io.symposium.aggregate.vote;

import io.symposium.aggregate.AggregationStrategy;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.FinalAnswer.Tally;
import io.symposium.aggregate.Question;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import reactor.core.publisher.Mono;

/**
 * The answer whose experts weigh most in total: Symbolic-MoE's profiles (global competence, local
 * suitability) turned into a vote. When no expert with a readable answer weighs anything, the
 * decision goes to a majority vote and says so.
 */
public final class WeightedVote implements AggregationStrategy {

  private final AnswerExtractor extractor;
  private final ToDoubleFunction<ExpertAnswer> weight;

  private WeightedVote(AnswerExtractor extractor, ToDoubleFunction<ExpertAnswer> weight) {
    this.extractor = extractor;
    this.weight = weight;
  }

  /** Weights by model id; a model missing from the map weighs 0. */
  public static WeightedVote byModel(AnswerExtractor extractor, Map<String, Double> modelWeights) {
    Map<String, Double> weights = Map.copyOf(modelWeights);
    weights.forEach(
        (model, w) -> {
          if (!Double.isFinite(w) || w < 0) {
            throw new IllegalArgumentException(
                "model weights must be finite numbers >= 0, got %s for %s".formatted(w, model));
          }
        });
    return new WeightedVote(extractor, answer -> weights.getOrDefault(answer.modelId(), 0.0));
  }

  /** Weights carried by the answers themselves. */
  public static WeightedVote byAnswer(AnswerExtractor extractor) {
    return new WeightedVote(extractor, ExpertAnswer::weight);
  }

  @Override
  public Mono<FinalAnswer> aggregate(Question question, List<ExpertAnswer> answers) {
    return Mono.fromSupplier(
        () -> {
          Tallies.requireAnswers(answers);
          List<Tally> tallies = Tallies.count(question, answers, extractor, weight);
          if (tallies.isEmpty()) {
            return new FinalAnswer(
                answers.getFirst().text(),
                null,
                FinalAnswer.Method.WEIGHTED_VOTE,
                null,
                FinalAnswer.Fallback.NONE,
                tallies);
          }
          if (tallies.getFirst().weight() == 0) {
            return Tallies.majority(
                question,
                answers,
                extractor,
                null,
                FinalAnswer.Fallback.NO_WEIGHTED_VOTES,
                answers.getFirst().text());
          }
          String text =
              Tallies.winnerText(question, answers, extractor, tallies, answers.getFirst().text());
          return new FinalAnswer(
              text,
              tallies.getFirst().answer(),
              FinalAnswer.Method.WEIGHTED_VOTE,
              null,
              FinalAnswer.Fallback.NONE,
              tallies);
        });
  }
}
