package io.symposium.evals.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.symposium.aggregate.TaskFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  static final List<EvalItem> ITEMS =
      List.of(
          new EvalItem(
              0,
              "q0 The options are: (A) x (B) y",
              "A",
              TaskFormat.MULTIPLE_CHOICE,
              "facts",
              "capital"),
          new EvalItem(1, "q1", "3", TaskFormat.INTEGER, "facts", "capital"),
          new EvalItem(2, "q2", "4", TaskFormat.INTEGER, "logic", "parity"),
          new EvalItem(3, "q3", "5", TaskFormat.INTEGER, "logic", "parity"));

  static ItemResult result(
      String label, long seed, int item, boolean correct, int calls, long tokens) {
    return new ItemResult(
        label,
        label,
        Aggregation.MAJORITY,
        seed,
        item,
        List.of("m"),
        List.of("t"),
        List.of("x"),
        "t",
        "x",
        correct,
        false,
        calls,
        0,
        tokens,
        0,
        10);
  }

  @Test
  void accuracy_meanAndStdOverSeeds_perTaskAndSkill() {
    // seed 0: 3 of 4 right; seed 1: 1 of 4 right
    List<ItemResult> rs =
        List.of(
            result("m", 0, 0, true, 3, 30),
            result("m", 0, 1, true, 3, 30),
            result("m", 0, 2, true, 3, 30),
            result("m", 0, 3, false, 3, 30),
            result("m", 1, 0, true, 3, 30),
            result("m", 1, 1, false, 3, 30),
            result("m", 1, 2, false, 3, 30),
            result("m", 1, 3, false, 3, 30));
    MethodSummary s = Metrics.summarise(ITEMS, rs, new Bootstrap(200, 1)).getFirst();
    assertThat(s.perSeed()).containsExactly(0.75, 0.25);
    assertThat(s.mean()).isEqualTo(0.5);
    assertThat(s.std()).isCloseTo(Math.sqrt(0.125), within(1e-12)); // sample std of {0.75, 0.25}
    // per question over seeds: 1, 0.5, 0.5, 0 → facts 0.75, logic 0.25
    assertThat(s.perTask()).containsEntry("facts", 0.75).containsEntry("logic", 0.25);
    assertThat(s.perSkill()).containsEntry("capital", 0.75).containsEntry("parity", 0.25);
    assertThat(s.expertCalls()).isEqualTo(3.0);
    assertThat(s.tokens()).isEqualTo(30.0);
    assertThat(s.items()).isEqualTo(4);
    assertThat(s.ciLow()).isLessThanOrEqualTo(0.5);
    assertThat(s.ciHigh()).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void oneSeed_hasNoSpread() {
    MethodSummary s =
        Metrics.summarise(
                ITEMS,
                List.of(result("a", 0, 0, true, 1, 5), result("a", 0, 1, false, 1, 5)),
                new Bootstrap(100, 1))
            .getFirst();
    assertThat(s.std()).isZero();
    assertThat(s.mean()).isEqualTo(0.5);
  }

  @Test
  void labels_areSummarisedSeparately_inFirstSeenOrder() {
    List<MethodSummary> s =
        Metrics.summarise(
            ITEMS,
            List.of(result("b", 0, 0, true, 1, 1), result("a", 0, 0, false, 1, 1)),
            new Bootstrap(10, 1));
    assertThat(s).extracting(MethodSummary::label).containsExactly("b", "a");
    assertThat(s).extracting(MethodSummary::mean).containsExactly(1.0, 0.0);
  }
}
