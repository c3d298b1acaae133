package io.symposium.evals.synth;

import java.util.SplittableRandom;

/**
 * A boolean expression of two or three terms, with its value and its evaluation written step by
 * step.
 */
record BoolExpr(String text, boolean value, String steps) {

  static BoolExpr random(SplittableRandom rng) {
    boolean a = rng.nextBoolean();
    boolean b = rng.nextBoolean();
    String op1 = rng.nextBoolean() ? "and" : "or";
    boolean ab = apply(a, op1, b);
    String first = "%s %s %s = %s".formatted(word(a), op1, word(b), word(ab));
    return switch (rng.nextInt(3)) {
      case 0 -> new BoolExpr("%s %s %s".formatted(word(a), op1, word(b)), ab, first + ".");
      case 1 ->
          new BoolExpr(
              "not (%s %s %s)".formatted(word(a), op1, word(b)),
              !ab,
              "%s; not %s = %s.".formatted(first, word(ab), word(!ab)));
      default -> {
        boolean c = rng.nextBoolean();
        String op2 = rng.nextBoolean() ? "and" : "or";
        boolean value = apply(ab, op2, c);
        yield new BoolExpr(
            "(%s %s %s) %s %s".formatted(word(a), op1, word(b), op2, word(c)),
            value,
            "%s; %s %s %s = %s.".formatted(first, word(ab), op2, word(c), word(value)));
      }
    };
  }

  private static boolean apply(boolean left, String op, boolean right) {
    return op.equals("and") ? left && right : left || right;
  }

  private static String word(boolean value) {
    return value ? "True" : "False";
  }
}
