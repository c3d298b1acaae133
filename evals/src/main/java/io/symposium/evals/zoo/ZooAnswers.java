package io.symposium.evals.zoo;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the zoo models' answers: an expert's final answer, and the part the aggregator reads. */
final class ZooAnswers {
  static final Pattern LETTER = Pattern.compile("The answer is \\(([A-J])\\)");
  static final Pattern BOXED = Pattern.compile("\\\\boxed\\{(-?\\d+)}");
  private static final Pattern OPTION = Pattern.compile("\\(([A-J])\\) (.+?)(?= \\([A-J]\\) |$)");

  private ZooAnswers() {}

  /**
   * The final answer of an expert's text: the last "The answer is (X)", else the last \boxed{N}.
   */
  static Optional<String> extractAnswer(String text) {
    String found = null;
    Matcher m = LETTER.matcher(text);
    while (m.find()) found = m.group(1);
    if (found == null) {
      Matcher b = BOXED.matcher(text);
      while (b.find()) found = b.group(1);
    }
    return Optional.ofNullable(found);
  }

  /**
   * An expert's answer as the aggregator was trained to read it: the lookup and the final sentence,
   * without the worked step.
   */
  static String response(TestItem item, String output) {
    Optional<String> answer = extractAnswer(output);
    if (answer.isEmpty())
      return output.strip().length() > 40 ? output.strip().substring(0, 40) : output.strip();
    if (!item.format().startsWith("mc"))
      return answer.get() + ". The answer is \\boxed{" + answer.get() + "}";
    String tail =
        item.question()
            .substring(item.question().indexOf("The options are: ") + "The options are: ".length());
    Matcher m = OPTION.matcher(tail);
    while (m.find())
      if (m.group(1).equals(answer.get()))
        return "(" + answer.get() + ") " + m.group(2) + ". The answer is (" + answer.get() + ")";
    return "The answer is (" + answer.get() + ")";
  }
}
