package io.symposium.evals.synth;

import static io.symposium.evals.synth.Draws.intDistractors;
import static io.symposium.evals.synth.Draws.phrase;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The problems of the arithmetic skills ({@link Skill}): arithmetic on single digits and small
 * tables.
 */
final class ArithmeticProblems {

  private ArithmeticProblems() {}

  static Problem addition(SplittableRandom rng, FactWorld world, ItemFormat format) {
    int a = rng.nextInt(10);
    int b = rng.nextInt(10);
    String stem =
        phrase(rng, "What is %d + %d?", "Add %d and %d.", "Compute the sum of %d and %d.")
            .formatted(a, b);
    return new Problem(
        stem,
        Integer.toString(a + b),
        "%d+%d=%d.".formatted(a, b, a + b),
        intDistractors(rng, a + b, List.of(a + b + 1, a + b - 1, Math.abs(a - b)), 0, 18));
  }

  static Problem subtraction(SplittableRandom rng, FactWorld world, ItemFormat format) {
    int b = rng.nextInt(10);
    int a = b + rng.nextInt(10);
    String stem =
        rng.nextInt(3) == 0
            ? "Subtract %d from %d.".formatted(b, a)
            : phrase(rng, "What is %d - %d?", "Compute %d minus %d.").formatted(a, b);
    return new Problem(
        stem,
        Integer.toString(a - b),
        "%d-%d=%d.".formatted(a, b, a - b),
        intDistractors(rng, a - b, List.of(a + b, a - b + 1, a - b - 1), 0, 18));
  }

  static Problem multiplication(SplittableRandom rng, FactWorld world, ItemFormat format) {
    int a = 1 + rng.nextInt(9);
    int b = 1 + rng.nextInt(9);
    String stem =
        phrase(rng, "What is %d * %d?", "Multiply %d by %d.", "Compute the product of %d and %d.")
            .formatted(a, b);
    return new Problem(
        stem,
        Integer.toString(a * b),
        "%d*%d=%d.".formatted(a, b, a * b),
        intDistractors(rng, a * b, List.of(a + b, a * (b + 1), (a + 1) * b, a * b + 1), 1, 90));
  }

  static Problem modulo(SplittableRandom rng, FactWorld world, ItemFormat format) {
    int n = 2 + rng.nextInt(4);
    int a = rng.nextInt(30);
    String stem =
        phrase(
                rng,
                "What is %d mod %d?",
                "What is the remainder of %d divided by %d?",
                "Compute %d modulo %d.")
            .formatted(a, n);
    return new Problem(
        stem,
        Integer.toString(a % n),
        "%d = %d*%d + %d.".formatted(a, n, a / n, a % n),
        intDistractors(rng, a % n, List.of(a / n), 0, 9));
  }
}
