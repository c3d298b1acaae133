package io.symposium.evals.run;

/**
 * One expert's answer to one question with one sampling: the unit of answer reuse. A greedy answer
 * does not depend on the seed, so every greedy key has seed 0 and methods that need the same
 * expert's greedy answer share one call.
 */
public record AnswerKey(String model, int item, double temperature, long seed) {
  public AnswerKey {
    if (temperature == 0) seed = 0;
  }

  public static AnswerKey greedy(String model, int item) {
    return new AnswerKey(model, item, 0, 0);
  }
}
