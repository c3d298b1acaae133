package io.symposium.aggregate.vote;

import io.symposium.aggregate.AggregationStrategy;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.Question;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The answer most experts gave (research/symbolic-moe.md §1.8, "round-0 majority vote"). Unlike the
 * reference, an expert without a readable answer abstains instead of voting "N/A", so "N/A" can
 * never win; when no one has a readable answer, the final answer has none and carries the first
 * expert's text.
 */
public final class MajorityVote implements AggregationStrategy {

  private final AnswerExtractor extractor;

  public MajorityVote(AnswerExtractor extractor) {
    this.extractor = extractor;
  }

  @Override
  public Mono<FinalAnswer> aggregate(Question question, List<ExpertAnswer> answers) {
    return Mono.fromSupplier(
        () -> {
          Tallies.requireAnswers(answers);
          return Tallies.majority(
              question,
              answers,
              extractor,
              null,
              FinalAnswer.Fallback.NONE,
              answers.getFirst().text());
        });
  }
}
