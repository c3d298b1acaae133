package io.symposium.aggregate;

import io.symposium.aggregate.answer.FormatExtractor;
import io.symposium.aggregate.answer.FreeTextExtractor;
import io.symposium.aggregate.answer.IntegerExtractor;
import io.symposium.aggregate.answer.MultipleChoiceExtractor;
import java.util.Optional;

/**
 * Reads the final answer out of a model's response text (research/symbolic-moe.md §1.11; README
 * "Extraction modes").
 */
@FunctionalInterface
public interface AnswerExtractor {

  /**
   * The answer {@code text} commits to, in canonical form: an upper-case option letter, an integer
   * without sign noise or leading zeros, or trimmed free text; empty when the text commits to none.
   */
  Optional<String> extract(Question question, String text);

  /** Option letters, limited to the question's options (A to J when they are unknown). */
  static AnswerExtractor multipleChoice(ExtractionMode mode) {
    return new MultipleChoiceExtractor(mode);
  }

  /** Whole numbers, "042" read as 42. */
  static AnswerExtractor integer(ExtractionMode mode) {
    return new IntegerExtractor(mode);
  }

  /** Short free answers. */
  static AnswerExtractor freeText(ExtractionMode mode) {
    return new FreeTextExtractor(mode);
  }

  /** The extractor of each question's own {@link TaskFormat}. */
  static AnswerExtractor forFormat(ExtractionMode mode) {
    return new FormatExtractor(multipleChoice(mode), integer(mode), freeText(mode));
  }
}
