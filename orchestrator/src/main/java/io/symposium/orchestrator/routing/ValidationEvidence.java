package io.symposium.orchestrator.routing;

import java.util.Map;

/**
 * What a profile's scores rest on: every model answered the same validation questions, so a
 * keyword's question count and a model's net score on it (right − wrong) give that model's right
 * answers on the keyword.
 *
 * @param questions keyword → validation questions carrying it
 * @param accuracy model → its validation accuracy over all questions, in [0, 1]; a model without
 *     one gets the mean of the others'
 */
public record ValidationEvidence(Map<String, Integer> questions, Map<String, Double> accuracy) {

  public ValidationEvidence {
    questions.forEach(
        (keyword, count) -> {
          if (count < 0) {
            throw new IllegalArgumentException(
                "keyword '%s' has a negative question count %d".formatted(keyword, count));
          }
        });
    accuracy.forEach(
        (model, a) -> {
          if (!(a >= 0 && a <= 1)) {
            throw new IllegalArgumentException(
                "accuracy of '%s' must be in [0, 1], got %s".formatted(model, a));
          }
        });
    questions = Map.copyOf(questions);
    accuracy = Map.copyOf(accuracy);
  }
}
