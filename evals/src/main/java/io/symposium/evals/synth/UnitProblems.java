package io.symposium.evals.synth;

import static io.symposium.evals.synth.Draws.phrase;
import static io.symposium.evals.synth.Draws.scaledDistractors;

import java.util.List;
import java.util.SplittableRandom;

/** The problems of the units skills ({@link Skill}): unit conversions by a small whole factor. */
final class UnitProblems {

  private UnitProblems() {}

  static Problem kmToM(SplittableRandom rng, FactWorld world, ItemFormat format) {
    int k = 1 + rng.nextInt(20);
    String stem =
        phrase(
                rng,
                "How many meters are in %d km?",
                "Convert %d km to meters.",
                "%d kilometers is how many meters?")
            .formatted(k);
    return new Problem(
        stem,
        Integer.toString(k * 1000),
        "%d km = %d*1000 m = %d.".formatted(k, k, k * 1000),
        scaledDistractors(rng, k, 1000, List.of(k * 10, k * 100, k * 10000)));
  }

  static Problem hoursToMinutes(SplittableRandom rng, FactWorld world, ItemFormat format) {
    int h = 1 + rng.nextInt(20);
    String stem =
        phrase(
                rng,
                "How many minutes are in %d hours?",
                "Convert %d hours to minutes.",
                "%d hours is how many minutes?")
            .formatted(h);
    return new Problem(
        stem,
        Integer.toString(h * 60),
        "%d*60=%d.".formatted(h, h * 60),
        scaledDistractors(rng, h, 60, List.of(h * 100, h * 30, h * 24)));
  }

  static Problem weeksToDays(SplittableRandom rng, FactWorld world, ItemFormat format) {
    int w = 1 + rng.nextInt(20);
    String stem =
        phrase(
                rng,
                "How many days are in %d weeks?",
                "Convert %d weeks to days.",
                "%d weeks is how many days?")
            .formatted(w);
    return new Problem(
        stem,
        Integer.toString(w * 7),
        "%d*7=%d.".formatted(w, w * 7),
        scaledDistractors(rng, w, 7, List.of(w * 5, w * 10, w * 30)));
  }
}
