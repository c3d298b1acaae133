package io.symposium.aggregate.synthesis;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.Question;
import java.util.List;

/**
 * The aggregation prompt with the structure of research/symbolic-moe.md §1.10, in the project's own
 * words: the synthesis instruction, each response under a numbered heading, then the question last
 * and the format's answer instruction. The instruction is ours, so the reference's "adheresto" typo
 * does not arise. Responses keep the caller's order.
 */
public final class DetailedPrompt implements AggregationPrompt {

  public static final DetailedPrompt INSTANCE = new DetailedPrompt();

  static final String INSTRUCTION =
      "Below are responses that several models wrote to the question at the end of this message."
          + " Your job is to combine them into one final response of the highest quality. Judge"
          + " each of them critically: any of them may contain mistakes or bias, and models"
          + " agreeing with each other does not make them right. Do not merely repeat one of the"
          + " answers; check the reasoning, keep what holds up, correct what does not, and write a"
          + " single response that is accurate, complete, clearly structured and consistent. The"
          + " models' responses:";

  private DetailedPrompt() {}

  @Override
  public String render(Question question, List<ExpertAnswer> answers) {
    var prompt = new StringBuilder(INSTRUCTION).append("\n\n");
    for (int i = 0; i < answers.size(); i++) {
      prompt
          .append("### Response of model ")
          .append(i + 1)
          .append(":\n")
          .append(ResponseText.visible(answers.get(i).text()))
          .append("\n\n");
    }
    return prompt
        .append("Question: ")
        .append(question.text())
        .append('\n')
        .append(question.format().answerInstruction())
        .toString();
  }
}
