package io.symposium.aggregate.answer;

import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.Question;
import java.util.Optional;

/** Hands each question to the extractor of its own task format. */
public final class FormatExtractor implements AnswerExtractor {

  private final AnswerExtractor multipleChoice;
  private final AnswerExtractor integer;
  private final AnswerExtractor freeText;

  public FormatExtractor(
      AnswerExtractor multipleChoice, AnswerExtractor integer, AnswerExtractor freeText) {
    this.multipleChoice = multipleChoice;
    this.integer = integer;
    this.freeText = freeText;
  }

  @Override
  public Optional<String> extract(Question question, String text) {
    return switch (question.format()) {
      case MULTIPLE_CHOICE -> multipleChoice.extract(question, text);
      case INTEGER -> integer.extract(question, text);
      case FREE_TEXT -> freeText.extract(question, text);
    };
  }
}
