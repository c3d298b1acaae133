package io.symposium.evals.synth;

import java.util.List;

/**
 * One posed instance of a skill before it is formatted: the question stem, the correct value, a
 * short worked step and the wrong values, most plausible first (a 4-option item takes the first
 * three).
 */
record Problem(String stem, String answer, String reasoning, List<String> distractors) {
  Problem {
    distractors = List.copyOf(distractors);
    if (stem.isBlank() || answer.isBlank())
      throw new IllegalArgumentException("empty stem or answer");
    if (distractors.size() < 9
        || distractors.contains(answer)
        || distractors.stream().distinct().count() != distractors.size())
      throw new IllegalArgumentException(
          "need 9 distinct distractors different from the answer '%s': %s"
              .formatted(answer, distractors));
  }
}
