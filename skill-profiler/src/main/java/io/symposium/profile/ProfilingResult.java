package io.symposium.profile;

import java.util.List;

/**
 * What a profiling run produced: the profiles, and the graded answers behind them (kept for the
 * aggregator benchmark and for inspection, as the reference keeps {@code {M}_CoT.json}).
 *
 * @param profiles the task's profiles
 * @param answers per validation item, in plan order
 */
public record ProfilingResult(ProfileSet profiles, List<ValidationAnswers> answers) {

  public ProfilingResult {
    answers = List.copyOf(answers);
  }
}
