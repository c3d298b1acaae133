package io.symposium.aggregate;

import io.symposium.aggregate.answer.OptionList;
import java.util.List;

/**
 * A question the experts answer, with the format its answer takes.
 *
 * @param text the question as the experts see it (for multiple choice, with its options inline)
 * @param format the answer format
 * @param options the option texts in letter order, A first; empty when not multiple choice or not
 *     known
 */
public record Question(String text, TaskFormat format, List<String> options) {

  /** The most options a multiple-choice question may have: A to J. */
  public static final int MAX_OPTIONS = 10;

  public Question {
    if (text.isBlank()) {
      throw new IllegalArgumentException("the question text is blank");
    }
    options = List.copyOf(options);
    if (format != TaskFormat.MULTIPLE_CHOICE && !options.isEmpty()) {
      throw new IllegalArgumentException(
          "a %s question has no options, got %d".formatted(format, options.size()));
    }
    if (options.size() == 1 || options.size() > MAX_OPTIONS) {
      throw new IllegalArgumentException(
          "a multiple-choice question has 2 to %d options, got %d"
              .formatted(MAX_OPTIONS, options.size()));
    }
  }

  /**
   * A question of the given format; for multiple choice the options are read from the text's "(A) …
   * (B) …" list.
   */
  public static Question of(String text, TaskFormat format) {
    return new Question(
        text, format, format == TaskFormat.MULTIPLE_CHOICE ? OptionList.parse(text) : List.of());
  }

  /** A query as a question, its format detected from the text alone ({@link TaskFormat#detect}). */
  public static Question detect(String text) {
    return of(text, TaskFormat.detect(text));
  }

  /**
   * A benchmark item as a question, its format detected from the text and the gold answer ({@link
   * TaskFormat#detect}).
   */
  public static Question detect(String text, String goldAnswer) {
    return of(text, TaskFormat.detect(text, goldAnswer));
  }

  /**
   * How many option letters an answer may name: the listed options, or A to J when none are known.
   */
  public int optionCount() {
    return options.isEmpty() ? MAX_OPTIONS : options.size();
  }
}
