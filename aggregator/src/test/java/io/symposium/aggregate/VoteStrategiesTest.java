package io.symposium.aggregate;

import static io.symposium.aggregate.Answers.AIME;
import static io.symposium.aggregate.Answers.MC;
import static io.symposium.aggregate.Answers.STRICT;
import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.aggregate.FinalAnswer.Fallback;
import io.symposium.aggregate.FinalAnswer.Method;
import io.symposium.aggregate.FinalAnswer.Tally;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Majority vote, weighted vote and skip-on-consensus. */
final class VoteStrategiesTest {

  static FinalAnswer run(
      AggregationStrategy strategy, Question question, List<ExpertAnswer> answers) {
    FinalAnswer answer = strategy.aggregate(question, answers).block();
    assertThat(answer).isNotNull();
    return answer;
  }

  @Test
  void majorityVote_clearMajority_winsWithItsFirstExpertsText() {
    FinalAnswer answer =
        run(
            AggregationStrategy.majorityVote(STRICT),
            MC,
            Answers.of(
                "m1",
                "The answer is (A)",
                "m2",
                "so the answer is (B)",
                "m3",
                "The answer is (B)"));
    assertThat(answer.extracted()).isEqualTo("B");
    assertThat(answer.text()).isEqualTo("so the answer is (B)");
    assertThat(answer.method()).isEqualTo(Method.MAJORITY_VOTE);
    assertThat(answer.aggregatorModelId()).isNull();
    assertThat(answer.fallback()).isEqualTo(Fallback.NONE);
    assertThat(answer.aggregationSkipped()).isFalse();
    assertThat(answer.votes())
        .extracting(Tally::answer, Tally::votes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("B", 2),
            org.assertj.core.groups.Tuple.tuple("A", 1));
    assertThat(answer.votes().getFirst().modelIds()).containsExactly("m2", "m3");
  }

  @Test
  void majorityVote_tie_firstAnswerGivenWins() {
    List<ExpertAnswer> answers =
        Answers.of(
            "m1",
            "The answer is (C)",
            "m2",
            "The answer is (A)",
            "m3",
            "The answer is (A)",
            "m4",
            "The answer is (C)");
    assertThat(run(AggregationStrategy.majorityVote(STRICT), MC, answers).extracted())
        .isEqualTo("C");
    assertThat(run(AggregationStrategy.majorityVote(STRICT), MC, answers.reversed()).extracted())
        .isEqualTo("C");
    assertThat(
            run(
                    AggregationStrategy.majorityVote(STRICT),
                    MC,
                    List.of(answers.get(1), answers.get(0)))
                .extracted())
        .isEqualTo("A");
  }

  @Test
  void majorityVote_unreadableAnswers_abstain() {
    FinalAnswer answer =
        run(
            AggregationStrategy.majorityVote(STRICT),
            MC,
            Answers.of("m1", "no idea", "m2", "maybe", "m3", "The answer is (D)"));
    assertThat(answer.extracted()).isEqualTo("D");
    assertThat(answer.votes()).hasSize(1);
  }

  @Test
  void majorityVote_nothingReadable_noAnswerFirstText() {
    FinalAnswer answer =
        run(
            AggregationStrategy.majorityVote(STRICT),
            MC,
            Answers.of("m1", "no idea", "m2", "maybe"));
    assertThat(answer.extracted()).isNull();
    assertThat(answer.text()).isEqualTo("no idea");
    assertThat(answer.votes()).isEmpty();
  }

  @Test
  void majorityVote_integersWrittenDifferently_oneVote() {
    FinalAnswer answer =
        run(
            AggregationStrategy.majorityVote(STRICT),
            AIME,
            Answers.of("m1", "\\boxed{7}", "m2", "\\boxed{042}", "m3", "\\boxed{42}"));
    assertThat(answer.extracted()).isEqualTo("42");
    assertThat(answer.votes().getFirst().votes()).isEqualTo(2);
  }

  @Test
  void majorityVote_sameModelDrawnTwice_votesTwice() {
    FinalAnswer answer =
        run(
            AggregationStrategy.majorityVote(STRICT),
            MC,
            Answers.of(
                "m1", "The answer is (A)", "m2", "The answer is (B)", "m2", "The answer is (B)"));
    assertThat(answer.extracted()).isEqualTo("B");
    assertThat(answer.votes().getFirst().modelIds()).containsExactly("m2", "m2");
  }

  @Test
  void aggregate_noAnswers_signalsError() {
    StepVerifier.create(AggregationStrategy.majorityVote(STRICT).aggregate(MC, List.of()))
        .expectErrorMessage("no expert answers to aggregate")
        .verify();
    StepVerifier.create(AggregationStrategy.weightedVote(STRICT, Map.of()).aggregate(MC, List.of()))
        .expectError(IllegalArgumentException.class)
        .verify();
  }

  @Test
  void weightedVote_heavyMinority_beatsLightMajority() {
    FinalAnswer answer =
        run(
            AggregationStrategy.weightedVote(
                STRICT, Map.of("strong", 0.9, "weak1", 0.3, "weak2", 0.3)),
            MC,
            Answers.of(
                "weak1",
                "The answer is (A)",
                "strong",
                "The answer is (B)",
                "weak2",
                "The answer is (A)"));
    assertThat(answer.extracted()).isEqualTo("B");
    assertThat(answer.method()).isEqualTo(Method.WEIGHTED_VOTE);
    assertThat(answer.text()).isEqualTo("The answer is (B)");
    assertThat(answer.votes()).extracting(Tally::answer).containsExactly("B", "A");
    assertThat(answer.votes().get(1).weight()).isEqualTo(0.6);
  }

  @Test
  void weightedVote_equalWeight_moreVotesThenFirstGivenWins() {
    var strategy =
        AggregationStrategy.weightedVote(STRICT, Map.of("a", 0.5, "b", 0.25, "c", 0.25, "d", 0.5));
    assertThat(
            run(
                    strategy,
                    MC,
                    Answers.of(
                        "a",
                        "The answer is (A)",
                        "b",
                        "The answer is (B)",
                        "c",
                        "The answer is (B)"))
                .extracted())
        .isEqualTo("B");
    assertThat(
            run(strategy, MC, Answers.of("d", "The answer is (C)", "a", "The answer is (A)"))
                .extracted())
        .isEqualTo("C");
  }

  @Test
  void weightedVote_modelWithoutWeight_countsNothing() {
    FinalAnswer answer =
        run(
            AggregationStrategy.weightedVote(STRICT, Map.of("known", 0.1)),
            MC,
            Answers.of(
                "unknown",
                "The answer is (A)",
                "unknown",
                "The answer is (A)",
                "known",
                "The answer is (C)"));
    assertThat(answer.extracted()).isEqualTo("C");
  }

  @Test
  void weightedVote_noVoterWeighs_majorityVoteReported() {
    FinalAnswer answer =
        run(
            AggregationStrategy.weightedVote(STRICT, Map.of("x", 1.0)),
            MC,
            Answers.of(
                "m1", "The answer is (A)", "m2", "The answer is (B)", "m3", "The answer is (B)"));
    assertThat(answer.extracted()).isEqualTo("B");
    assertThat(answer.method()).isEqualTo(Method.MAJORITY_VOTE);
    assertThat(answer.fallback()).isEqualTo(Fallback.NO_WEIGHTED_VOTES);
  }

  @Test
  void weightedVote_answersOwnWeights_counted() {
    List<ExpertAnswer> answers =
        List.of(
            ExpertAnswer.of("m1", "The answer is (A)").withWeight(0.2),
            ExpertAnswer.of("m2", "The answer is (B)").withWeight(0.7),
            ExpertAnswer.of("m3", "The answer is (A)").withWeight(0.1));
    assertThat(run(AggregationStrategy.weightedVote(STRICT), MC, answers).extracted())
        .isEqualTo("B");
  }

  @Test
  void weightedVote_negativeWeight_rejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AggregationStrategy.weightedVote(STRICT, Map.of("m", -1.0)))
        .hasMessageContaining(">= 0");
  }

  @Test
  void skipWhenAllAgree_allAgree_delegateNeverCalled() {
    AtomicInteger calls = new AtomicInteger();
    AggregationStrategy delegate =
        (q, a) ->
            Mono.fromSupplier(
                () -> {
                  calls.incrementAndGet();
                  throw new AssertionError("delegate called");
                });
    FinalAnswer answer =
        run(
            AggregationStrategy.skipWhenAllAgree(STRICT, delegate),
            AIME,
            Answers.of("m1", "\\boxed{42}", "m2", "so \\boxed{042}", "m3", "\\boxed{ 42 }"));
    assertThat(calls).hasValue(0);
    assertThat(answer.aggregationSkipped()).isTrue();
    assertThat(answer.method()).isEqualTo(Method.CONSENSUS);
    assertThat(answer.extracted()).isEqualTo("42");
    assertThat(answer.text()).isEqualTo("\\boxed{42}");
    assertThat(answer.votes()).singleElement().extracting(Tally::votes).isEqualTo(3);
  }

  @Test
  void skipWhenAllAgree_disagreement_delegateDecides() {
    AtomicInteger calls = new AtomicInteger();
    AggregationStrategy delegate =
        (q, a) -> {
          calls.incrementAndGet();
          return AggregationStrategy.majorityVote(STRICT).aggregate(q, a);
        };
    FinalAnswer answer =
        run(
            AggregationStrategy.skipWhenAllAgree(STRICT, delegate),
            MC,
            Answers.of(
                "m1", "The answer is (A)", "m2", "The answer is (B)", "m3", "The answer is (B)"));
    assertThat(calls).hasValue(1);
    assertThat(answer.aggregationSkipped()).isFalse();
    assertThat(answer.extracted()).isEqualTo("B");
  }

  @Test
  void skipWhenAllAgree_oneUnreadable_delegateDecides() {
    AtomicInteger calls = new AtomicInteger();
    AggregationStrategy delegate =
        (q, a) -> {
          calls.incrementAndGet();
          return AggregationStrategy.majorityVote(STRICT).aggregate(q, a);
        };
    run(
        AggregationStrategy.skipWhenAllAgree(STRICT, delegate),
        MC,
        Answers.of("m1", "The answer is (B)", "m2", "The answer is (B)", "m3", "hmm"));
    assertThat(calls).hasValue(1);
  }

  @Test
  void skipWhenAllAgree_notSubscribed_nothingRuns() {
    AtomicInteger calls = new AtomicInteger();
    AggregationStrategy delegate =
        (q, a) -> {
          calls.incrementAndGet();
          return Mono.empty();
        };
    AggregationStrategy.skipWhenAllAgree(STRICT, delegate)
        .aggregate(MC, Answers.of("m1", "The answer is (A)", "m2", "The answer is (B)"));
    assertThat(calls).hasValue(0);
  }
}
