package io.symposium.evals.synth;

import static io.symposium.evals.synth.Draws.intDistractors;
import static io.symposium.evals.synth.Draws.phrase;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The problems of the logic skills ({@link Skill}): comparisons, parity, boolean steps and the
 * smallest of a few numbers.
 */
final class LogicProblems {

  private LogicProblems() {}

  static Problem compareNumbers(SplittableRandom rng, FactWorld world, ItemFormat format) {
    int a = 1 + rng.nextInt(99);
    int b;
    do b = 1 + rng.nextInt(99);
    while (b == a);
    int max = Math.max(a, b);
    String stem =
        phrase(
                rng,
                "Which is larger, %d or %d?",
                "Which number is bigger: %d or %d?",
                "Of %d and %d, which is greater?")
            .formatted(a, b);
    return new Problem(
        stem,
        Integer.toString(max),
        "%d > %d.".formatted(max, Math.min(a, b)),
        intDistractors(rng, max, List.of(Math.min(a, b)), 1, 99));
  }

  static Problem parity(SplittableRandom rng, FactWorld world, ItemFormat format) {
    int wanted = rng.nextInt(2);
    String kind = wanted == 0 ? "even" : "odd";
    int answer = 2 * rng.nextInt(50) + wanted;
    if (answer == 0) answer = 2;
    var wrong = new LinkedHashSet<String>();
    while (wrong.size() < 9) wrong.add(Integer.toString(2 * rng.nextInt(50) + 1 - wanted));
    String stem =
        phrase(
                rng,
                "Which of these numbers is %s?",
                "Pick the %s number.",
                "Which option is an %s number?")
            .formatted(kind);
    return new Problem(
        stem, Integer.toString(answer), "%d is %s.".formatted(answer, kind), List.copyOf(wrong));
  }

  static Problem booleanLogic(SplittableRandom rng, FactWorld world, ItemFormat format) {
    BoolExpr expr = BoolExpr.random(rng);
    boolean value = expr.value();
    String answer;
    List<String> wrong;
    String stem;
    if (format == ItemFormat.FREE) {
      answer = value ? "1" : "0";
      wrong = intDistractors(rng, value ? 1 : 0, List.of(value ? 0 : 1), 0, 9);
      stem =
          phrase(
                  rng,
                  "Evaluate %s. Answer 1 for True, 0 for False.",
                  "What is %s? Give 1 if True, 0 if False.",
                  "Is %s true? Answer 1 or 0.")
              .formatted(expr.text());
    } else {
      answer = value ? "True" : "False";
      List<String> fillers =
          new ArrayList<>(
              List.of(
                  "Unknown", "Both", "Neither", "Undefined", "Maybe", "Never", "Always", "Error"));
      Collections.shuffle(fillers, new java.util.Random(rng.nextLong()));
      wrong = new ArrayList<>();
      wrong.add(value ? "False" : "True");
      wrong.addAll(fillers);
      stem =
          phrase(rng, "What is %s?", "Evaluate %s.", "What is the value of %s?")
              .formatted(expr.text());
    }
    return new Problem(stem, answer, expr.steps(), wrong);
  }

  static Problem smallestNumber(SplittableRandom rng, FactWorld world, ItemFormat format) {
    int n = 3 + rng.nextInt(2);
    var values = new LinkedHashSet<Integer>();
    while (values.size() < n) values.add(1 + rng.nextInt(20));
    List<Integer> list = List.copyOf(values);
    int min = Collections.min(list);
    String joined = String.join(", ", list.stream().map(String::valueOf).toList());
    String stem =
        phrase(
                rng,
                "What is the smallest of %s?",
                "Which is the least: %s?",
                "Find the minimum of %s.")
            .formatted(joined);
    List<Integer> others = new ArrayList<>(list);
    others.remove(Integer.valueOf(min));
    return new Problem(
        stem,
        Integer.toString(min),
        "smallest: %d.".formatted(min),
        intDistractors(rng, min, others, 1, 20));
  }
}
