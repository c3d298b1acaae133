package io.symposium.aggregate;

import io.symposium.aggregate.answer.Canonical;
import io.symposium.aggregate.answer.OptionList;
import org.jspecify.annotations.Nullable;

/**
 * The shape of answer a task expects, which decides how answers are asked for, read and compared.
 */
public enum TaskFormat {
  /** One letter naming one of the question's options, A to J at most (MMLU-Pro, GPQA, MedMCQA). */
  MULTIPLE_CHOICE(
      "Reason through the problem step by step, then end your response with the sentence \"The"
          + " answer is (X)\", where X is the capital letter of the option you choose."),
  /** A whole number (AIME: 0 to 999), compared numerically. */
  INTEGER(
      "Reason through the problem step by step, then end your response with the sentence \"The"
          + " answer is \\boxed{N}\", where N is the final answer as a whole number."),
  /** A short free answer (a word, a value), compared after normalising case, spaces and markup. */
  FREE_TEXT(
      "Reason through the problem step by step, then end your response with the sentence \"The"
          + " answer is \\boxed{A}\", where A is the final answer and nothing else.");

  private final String answerInstruction;

  TaskFormat(String answerInstruction) {
    this.answerInstruction = answerInstruction;
  }

  /**
   * The line that tells a model how to end its response so that its answer can be read
   * (research/symbolic-moe.md §1.8).
   */
  public String answerInstruction() {
    return answerInstruction;
  }

  /**
   * The format of a question asked without a gold answer (a query): multiple choice when it lists
   * options "(A) … (B) …", which can then be answered by letter, free text otherwise.
   */
  public static TaskFormat detect(String question) {
    return OptionList.parse(question).size() >= 2 ? MULTIPLE_CHOICE : FREE_TEXT;
  }

  /**
   * The format of a benchmark item: multiple choice when the question lists options (as {@link
   * #detect(String)} sees them) and the gold answer is one of their letters, integer when the gold
   * answer is a whole number, free text otherwise.
   *
   * @throws IllegalArgumentException when the gold answer is a letter the listed options do not
   *     have
   */
  public static TaskFormat detect(String question, String goldAnswer) {
    @Nullable String letter = Canonical.letter(goldAnswer);
    if (letter != null && detect(question) == MULTIPLE_CHOICE) {
      int options = OptionList.parse(question).size();
      if (letter.charAt(0) - 'A' >= options) {
        throw new IllegalArgumentException(
            "gold answer '%s' names no option: the question lists %d options (A to %c)"
                .formatted(goldAnswer, options, (char) ('A' + options - 1)));
      }
      return MULTIPLE_CHOICE;
    }
    return Canonical.integer(goldAnswer) != null ? INTEGER : FREE_TEXT;
  }
}
