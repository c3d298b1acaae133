package io.symposium.profile;

import org.jspecify.annotations.Nullable;

/**
 * One question of a benchmark or validation file.
 *
 * @param question the question as the model sees it, options included
 * @param goldAnswer the right answer: an option letter or an integer, as text
 * @param category the item's subject where the file gives one (MMLU-Pro does), else null
 */
public record BenchmarkItem(String question, String goldAnswer, @Nullable String category) {

  public BenchmarkItem {
    if (question.isBlank()) {
      throw new IllegalArgumentException("a benchmark question must not be blank");
    }
    if (goldAnswer.isBlank()) {
      throw new IllegalArgumentException("the gold answer must not be blank");
    }
  }

  public static BenchmarkItem of(String question, String goldAnswer) {
    return new BenchmarkItem(question, goldAnswer, null);
  }
}
