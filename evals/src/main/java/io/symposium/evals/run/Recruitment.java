package io.symposium.evals.run;

import java.util.List;

/**
 * The answers one method asks for on one question at one seed, each with its vote weight. Distinct
 * keys only: a model drawn twice is one answer with twice the weight (as the pipeline does).
 */
public record Recruitment(List<Draw> draws) {
  /** One answer and its weight in a weighted vote. */
  public record Draw(AnswerKey key, double weight) {}

  public Recruitment {
    draws = List.copyOf(draws);
    if (draws.isEmpty()) throw new IllegalArgumentException("a recruitment asks for an answer");
  }

  public List<AnswerKey> keys() {
    return draws.stream().map(Draw::key).toList();
  }
}
