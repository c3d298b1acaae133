package io.symposium.evals.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.TaskFormat;
import io.symposium.pool.BackendKind;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import io.symposium.pool.PoolException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Votes, the oracle and unanswerable questions, graded on hand-written expert answers (no model is
 * called).
 */
class GradingTest {
  static final EvalItem MC =
      new EvalItem(
          0,
          "Which? The options are: (A) red (B) blue (C) green",
          "B",
          TaskFormat.MULTIPLE_CHOICE,
          "t",
          "s");
  static final EvalItem INT = new EvalItem(1, "What is 2 + 2?", "4", TaskFormat.INTEGER, "t", "s");

  final ModelPool pool =
      ModelPool.create(
          new ModelPool.Config(
              1 << 20,
              Duration.ofSeconds(1),
              10,
              Duration.ofSeconds(1),
              0,
              Duration.ofMillis(1),
              List.of()),
          // a backend that is never called: no model is registered
          Map.of(BackendKind.OPENAI, ModelBackends.openAi(Duration.ofSeconds(1))),
          InstantSource.system(),
          new SimpleMeterRegistry());
  final AggregationPhase phase =
      new AggregationPhase(
          pool, "aggregator", AnswerExtractor.forFormat(ExtractionMode.LENIENT), 16);
  final Map<AnswerKey, ExpertReply> replies = new HashMap<>();

  @AfterEach
  void close() {
    pool.close();
  }

  void answer(String model, EvalItem item, String text) {
    AnswerKey key = AnswerKey.greedy(model, item.id());
    String extracted =
        AnswerExtractor.forFormat(ExtractionMode.LENIENT)
            .extract(item.asQuestion(), text)
            .orElse(null);
    replies.put(
        key, new ExpertReply(key, ExpertReply.Status.ANSWERED, text, extracted, 10, 5, 1, null));
  }

  ItemResult grade(Aggregation aggregation, EvalItem item, String... models) {
    Recruitment r =
        new Recruitment(
            java.util.Arrays.stream(models)
                .map(m -> new Recruitment.Draw(AnswerKey.greedy(m, item.id()), 1))
                .toList());
    Method method = new Method("m", false, List.of(aggregation), (c, i, k, s) -> r);
    return phase
        .run(
            List.of(new AggregationPhase.Cell(method, aggregation, 0, item, r)),
            replies,
            ProgressListener.none())
        .getFirst();
  }

  @Test
  void majority_ofLetters_isGradedAgainstTheGoldLetter() {
    answer("a", MC, "blue. (B) blue. The answer is (B)");
    answer("b", MC, "(B) blue. The answer is (B)");
    answer("c", MC, "(A) red. The answer is (A)");
    ItemResult r = grade(Aggregation.MAJORITY, MC, "a", "b", "c");
    assertThat(r.finalAnswer()).isEqualTo("B");
    assertThat(r.correct()).isTrue();
    assertThat(r.extracted()).containsExactly("B", "B", "A");
    assertThat(r.expertCalls()).isEqualTo(3);
    assertThat(r.promptTokens() + r.completionTokens()).isEqualTo(45);
  }

  @Test
  void integerAnswers_areReadFromTheBox() {
    answer("a", INT, "2 + 2 = 4. The answer is \\boxed{4}");
    assertThat(grade(Aggregation.SINGLE, INT, "a").correct()).isTrue();
    answer("b", INT, "The answer is \\boxed{5}");
    assertThat(grade(Aggregation.SINGLE, INT, "b").correct()).isFalse();
  }

  @Test
  void oracle_isRightWhenAnyAnswerIs_andMajorityNeedNotBe() {
    answer("a", MC, "The answer is (A)");
    answer("b", MC, "The answer is (A)");
    answer("c", MC, "The answer is (B)");
    assertThat(grade(Aggregation.ORACLE, MC, "a", "b", "c").correct()).isTrue();
    assertThat(grade(Aggregation.MAJORITY, MC, "a", "b", "c").correct()).isFalse();
  }

  @Test
  void unreadableAnswer_isWrong() {
    answer("a", MC, "I am not sure");
    ItemResult r = grade(Aggregation.SINGLE, MC, "a");
    assertThat(r.finalAnswer()).isNull();
    assertThat(r.correct()).isFalse();
    assertThat(r.unanswerable()).isFalse();
  }

  @Test
  void questionOverEveryContext_isUnanswerable_andWrong_notLost() {
    AnswerKey key = AnswerKey.greedy("a", MC.id());
    PoolException tooLong =
        new ContextLengthExceededException("the prompt has 400 tokens", new RuntimeException());
    replies.put(key, ExpertPhase.failed(key, tooLong, System.nanoTime()));
    ItemResult r = grade(Aggregation.SYNTHESIS, MC, "a");
    assertThat(replies.get(key).status()).isEqualTo(ExpertReply.Status.UNANSWERABLE);
    assertThat(r.unanswerable()).isTrue();
    assertThat(r.correct()).isFalse();
    assertThat(r.item()).isEqualTo(MC.id());
  }

  @Test
  void greedyAnswers_areOneKeyWhateverTheSeed() {
    assertThat(new AnswerKey("a", 3, 0, 17)).isEqualTo(AnswerKey.greedy("a", 3));
    assertThat(new AnswerKey("a", 3, 0.7, 17)).isNotEqualTo(new AnswerKey("a", 3, 0.7, 18));
  }
}
