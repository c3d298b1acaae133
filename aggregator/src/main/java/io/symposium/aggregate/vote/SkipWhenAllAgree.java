package io.symposium.aggregate.vote;

import io.symposium.aggregate.AggregationStrategy;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.FinalAnswer.Tally;
import io.symposium.aggregate.Question;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Skips aggregation when it cannot change the answer: every expert gave a readable answer and all
 * are the same (by the format's grader: "042" and "42" agree). An expert without a readable answer
 * counts as disagreement, so the delegate runs.
 */
public final class SkipWhenAllAgree implements AggregationStrategy {

  private final AnswerExtractor extractor;
  private final AggregationStrategy delegate;

  public SkipWhenAllAgree(AnswerExtractor extractor, AggregationStrategy delegate) {
    this.extractor = extractor;
    this.delegate = delegate;
  }

  @Override
  public Mono<FinalAnswer> aggregate(Question question, List<ExpertAnswer> answers) {
    return Mono.defer(
        () -> {
          @Nullable FinalAnswer agreed = consensus(question, answers);
          return agreed != null ? Mono.just(agreed) : delegate.aggregate(question, answers);
        });
  }

  /** A consensus is the first expert's text, whole; only the delegate may stream. */
  @Override
  public Mono<FinalAnswer> aggregate(
      Question question, List<ExpertAnswer> answers, Consumer<String> pieces) {
    return Mono.defer(
        () -> {
          @Nullable FinalAnswer agreed = consensus(question, answers);
          return agreed != null ? Mono.just(agreed) : delegate.aggregate(question, answers, pieces);
        });
  }

  private @Nullable FinalAnswer consensus(Question question, List<ExpertAnswer> answers) {
    Tallies.requireAnswers(answers);
    List<Tally> tallies = Tallies.count(question, answers, extractor, a -> 1);
    if (tallies.size() != 1 || tallies.getFirst().votes() != answers.size()) {
      return null;
    }
    return new FinalAnswer(
        answers.getFirst().text(),
        tallies.getFirst().answer(),
        FinalAnswer.Method.CONSENSUS,
        null,
        FinalAnswer.Fallback.NONE,
        tallies);
  }
}
