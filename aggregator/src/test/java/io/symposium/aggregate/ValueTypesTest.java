package io.symposium.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.aggregate.FinalAnswer.Fallback;
import io.symposium.aggregate.FinalAnswer.Method;
import io.symposium.aggregate.FinalAnswer.Tally;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value types refuse what they cannot mean. */
final class ValueTypesTest {

  @Test
  void expertAnswer_blankModelOrBadWeight_rejected() {
    assertThatThrownBy(() -> ExpertAnswer.of(" ", "x")).hasMessageContaining("model id");
    assertThatThrownBy(() -> ExpertAnswer.of("m", "x").withWeight(-0.1))
        .hasMessageContaining(">= 0");
    assertThatThrownBy(() -> ExpertAnswer.of("m", "x").withWeight(Double.NaN))
        .hasMessageContaining("finite");
  }

  @Test
  void expertAnswer_read_extractsWithTheGivenExtractor() {
    ExpertAnswer answer =
        ExpertAnswer.read(
            "m",
            "so \\boxed{007}",
            Question.of("Find n.", TaskFormat.INTEGER),
            AnswerExtractor.integer(ExtractionMode.STRICT));
    assertThat(answer.extracted()).isEqualTo("7");
    assertThat(answer.weight()).isEqualTo(1);
  }

  @Test
  void finalAnswer_inconsistentParts_rejected() {
    assertThatThrownBy(
            () -> new FinalAnswer("t", "B", Method.LLM_SYNTHESIS, null, Fallback.NONE, List.of()))
        .hasMessageContaining("aggregator model");
    assertThatThrownBy(
            () ->
                new FinalAnswer(
                    "t",
                    "B",
                    Method.WEIGHTED_VOTE,
                    null,
                    Fallback.UNREADABLE_AGGREGATOR_OUTPUT,
                    List.of()))
        .hasMessageContaining("majority");
    assertThatThrownBy(
            () -> new FinalAnswer("t", " ", Method.MAJORITY_VOTE, null, Fallback.NONE, List.of()))
        .hasMessageContaining("blank");
  }

  @Test
  void finalAnswer_votes_copied() {
    List<Tally> votes = new ArrayList<>(List.of(new Tally("B", 1, 1, List.of("m"))));
    FinalAnswer answer =
        new FinalAnswer("t", "B", Method.MAJORITY_VOTE, null, Fallback.NONE, votes);
    votes.clear();
    assertThat(answer.votes()).hasSize(1);
  }

  @Test
  void tally_votesNotMatchingVoters_rejected() {
    assertThatThrownBy(() -> new Tally("B", 2, 2, List.of("m")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void synthesisSettings_outOfRange_rejected() {
    assertThatThrownBy(() -> new SynthesisSettings(0, 0, 0)).hasMessageContaining("max tokens");
    assertThatThrownBy(() -> new SynthesisSettings(10, 6, 0)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> SynthesisSettings.greedy(10).withSeed(-1))
        .hasMessageContaining("seed");
  }
}
