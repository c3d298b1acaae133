package io.symposium.aggregate;

import java.util.ArrayList;
import java.util.List;

/** Expert answers for tests: pairs of model id and response text. */
final class Answers {
  private Answers() {}

  static final Question MC =
      Question.of(
          "Which is even? The options are: (A) 1 (B) 2 (C) 3 (D) 5", TaskFormat.MULTIPLE_CHOICE);
  static final Question AIME = Question.of("Find m+n.", TaskFormat.INTEGER);
  static final AnswerExtractor STRICT = AnswerExtractor.forFormat(ExtractionMode.STRICT);

  static List<ExpertAnswer> of(String... modelAndText) {
    List<ExpertAnswer> answers = new ArrayList<>();
    for (int i = 0; i < modelAndText.length; i += 2) {
      answers.add(ExpertAnswer.of(modelAndText[i], modelAndText[i + 1]));
    }
    return answers;
  }
}
