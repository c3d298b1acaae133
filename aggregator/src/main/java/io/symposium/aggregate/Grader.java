package io.symposium.aggregate;

import io.symposium.aggregate.answer.Canonical;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether an extracted answer equals a gold answer, and which answers count as the same
 * vote.
 */
@FunctionalInterface
public interface Grader {

  /**
   * The form two answers are compared in, or null when {@code answer} is not an answer of this
   * format at all.
   */
  @Nullable String key(String answer);

  /** Whether {@code extracted} is the gold answer; no answer is never correct. */
  default boolean correct(@Nullable String extracted, String gold) {
    if (extracted == null) {
      return false;
    }
    @Nullable String key = key(extracted);
    return key != null && key.equals(key(gold));
  }

  /** Letters, case-insensitive, with or without parentheses: "(b)" equals "B". */
  static Grader multipleChoice() {
    return Canonical::letter;
  }

  /** Whole numbers compared numerically: "042" equals "42", "1,000" equals "1000". */
  static Grader integer() {
    return Canonical::integer;
  }

  /**
   * Free text compared ignoring case, surrounding spaces, a final period and TeX wrappers; numbers
   * compared numerically.
   */
  static Grader freeText() {
    return Canonical::textKey;
  }

  /** The grader of {@code format}. */
  static Grader forFormat(TaskFormat format) {
    return switch (format) {
      case MULTIPLE_CHOICE -> multipleChoice();
      case INTEGER -> integer();
      case FREE_TEXT -> freeText();
    };
  }
}
