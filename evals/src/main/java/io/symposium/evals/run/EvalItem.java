package io.symposium.evals.run;

import io.symposium.aggregate.Question;
import io.symposium.aggregate.TaskFormat;

/**
 * One test question of a run.
 *
 * @param id its position in the dataset, stable across methods and seeds
 * @param task the task it belongs to (the zoo's domain, or the benchmark file's name)
 * @param skill the skill or category it is reported under
 */
public record EvalItem(
    int id, String question, String gold, TaskFormat format, String task, String skill) {
  public EvalItem {
    if (id < 0) throw new IllegalArgumentException("item id must be >= 0, got " + id);
    if (question.isBlank()) throw new IllegalArgumentException("item " + id + " has no question");
    if (gold.isBlank()) throw new IllegalArgumentException("item " + id + " has no gold answer");
  }

  /** The question as the aggregator module reads it (options parsed for multiple choice). */
  public Question asQuestion() {
    return Question.of(question, format);
  }
}
