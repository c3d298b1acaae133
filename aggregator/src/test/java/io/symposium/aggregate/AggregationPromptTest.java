package io.symposium.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class AggregationPromptTest {

  static final Question Q =
      Question.of(
          "What is 'cevg' reversed? The options are: (A) gvec (B) cevg",
          TaskFormat.MULTIPLE_CHOICE);
  static final List<ExpertAnswer> THREE =
      Answers.of(
          "m1",
          "(A) gvec. The answer is (A)",
          "m2",
          "(B) cevg. The answer is (B)",
          "m3",
          "(A) gvec. The answer is (A)");

  @Test
  void compact_threeResponses_exactlyTheZooTrainingFormat() {
    assertThat(AggregationPrompt.compact().render(Q, THREE))
        .isEqualTo(
            "Question: What is 'cevg' reversed? The options are: (A) gvec (B) cevg\n"
                + "Response 1: (A) gvec. The answer is (A)\n"
                + "Response 2: (B) cevg. The answer is (B)\n"
                + "Response 3: (A) gvec. The answer is (A)\n"
                + "Answer:");
    assertThat(AggregationPrompt.compact().stopStrings()).containsExactly("\n");
  }

  @Test
  void compact_lineBreaksAndThinking_foldedOntoOneLine() {
    String prompt =
        AggregationPrompt.compact()
            .render(Q, Answers.of("m1", "<think>hmm\nhmm</think>\n(A) gvec.\nThe answer is (A)\n"));
    assertThat(prompt)
        .isEqualTo(
            "Question: What is 'cevg' reversed? The options are: (A) gvec (B) cevg\n"
                + "Response 1: (A) gvec. The answer is (A)\n"
                + "Answer:");
  }

  @Test
  void detailed_structure_instructionResponsesThenQuestionAndAnswerFormat() {
    String prompt =
        AggregationPrompt.detailed()
            .render(
                Q,
                Answers.of(
                    "m1",
                    "<think>scratch</think>\n(A) gvec. The answer is (A)",
                    "m2",
                    "The answer is (B)"));
    assertThat(prompt)
        .contains(
            "### Response of model 1:\n"
                + "(A) gvec. The answer is (A)\n\n"
                + "### Response of model 2:\n"
                + "The answer is (B)\n\n");
    assertThat(prompt).doesNotContain("scratch").doesNotContain("adheresto");
    assertThat(prompt.indexOf("### Response of model 1"))
        .isGreaterThan(0)
        .isLessThan(prompt.indexOf("Question: "));
    assertThat(prompt)
        .endsWith("Question: " + Q.text() + "\n" + TaskFormat.MULTIPLE_CHOICE.answerInstruction());
    assertThat(AggregationPrompt.detailed().stopStrings()).isEmpty();
  }

  @Test
  void detailed_integerQuestion_boxedInstruction() {
    String prompt =
        AggregationPrompt.detailed()
            .render(Question.of("Find m+n.", TaskFormat.INTEGER), Answers.of("m1", "\\boxed{33}"));
    assertThat(prompt).endsWith("\\boxed{N}\", where N is the final answer as a whole number.");
  }
}
