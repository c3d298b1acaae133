package io.symposium.aggregate.synthesis;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.Question;
import java.util.List;

/**
 * The prompt the zoo's aggregator model was trained on (evals {@code
 * TrainingText.aggregatorPrompt}): {@code Question: {q}\nResponse 1: {r1}\n…\nAnswer:}. Line breaks
 * inside the question or a response would read as a new field, so each is folded onto one line; the
 * answer is one line, so generation stops at the next line break.
 */
public final class CompactPrompt implements AggregationPrompt {

  public static final CompactPrompt INSTANCE = new CompactPrompt();

  private CompactPrompt() {}

  @Override
  public String render(Question question, List<ExpertAnswer> answers) {
    var prompt = new StringBuilder("Question: ").append(oneLine(question.text()));
    for (int i = 0; i < answers.size(); i++) {
      prompt
          .append("\nResponse ")
          .append(i + 1)
          .append(": ")
          .append(oneLine(ResponseText.visible(answers.get(i).text())));
    }
    return prompt.append("\nAnswer:").toString();
  }

  @Override
  public List<String> stopStrings() {
    return List.of("\n");
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }
}
