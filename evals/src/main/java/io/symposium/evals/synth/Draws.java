package io.symposium.evals.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The random choices the skills' problems share: a phrasing, a pick, letters, and wrong answers
 * that look right. Each consumes {@code rng} in a fixed order, which the benchmark's bytes depend
 * on.
 */
final class Draws {

  private Draws() {}

  static String phrase(SplittableRandom rng, String... phrasings) {
    return phrasings[rng.nextInt(phrasings.length)];
  }

  static <T> T pick(SplittableRandom rng, List<T> values) {
    return values.get(rng.nextInt(values.size()));
  }

  static List<String> shuffledFirst(SplittableRandom rng, List<String> values, int n) {
    List<String> copy = new ArrayList<>(values);
    Collections.shuffle(copy, new java.util.Random(rng.nextLong()));
    return List.copyOf(copy.subList(0, n));
  }

  static String distinctLetters(SplittableRandom rng, int length) {
    List<Character> letters = new ArrayList<>();
    for (char c = 'a'; c <= 'z'; c++) letters.add(c);
    Collections.shuffle(letters, new java.util.Random(rng.nextLong()));
    var sb = new StringBuilder();
    for (int i = 0; i < length; i++) sb.append(letters.get(i));
    return sb.toString();
  }

  /**
   * Nine distinct rearrangements of the word's letters, none equal to the answer; the word itself
   * first.
   */
  static List<String> permutations(SplittableRandom rng, String word, String answer) {
    var wrong = new LinkedHashSet<String>();
    if (!word.equals(answer)) wrong.add(word);
    var random = new java.util.Random(rng.nextLong());
    while (wrong.size() < 9) {
      List<Character> letters = new ArrayList<>(word.chars().mapToObj(c -> (char) c).toList());
      Collections.shuffle(letters, random);
      var sb = new StringBuilder();
      letters.forEach(sb::append);
      String candidate = sb.toString();
      if (!candidate.equals(answer)) wrong.add(candidate);
    }
    return List.copyOf(wrong);
  }

  /** Plausible mistakes first (in random order), then nearby integers, all within [lo, hi+9]. */
  static List<String> intDistractors(
      SplittableRandom rng, int answer, List<Integer> likely, int lo, int hi) {
    var wrong = new LinkedHashSet<Integer>();
    List<Integer> shuffledLikely = new ArrayList<>(likely);
    Collections.shuffle(shuffledLikely, new java.util.Random(rng.nextLong()));
    for (int v : shuffledLikely) if (v != answer && v >= lo) wrong.add(v);
    int spread = 3;
    int attempts = 0;
    while (wrong.size() < 9) {
      int v = answer + rng.nextInt(-spread, spread + 1);
      if (v != answer && v >= lo && v <= hi + 9) wrong.add(v);
      if (++attempts % 20 == 0) spread++;
    }
    return wrong.stream().limit(9).map(String::valueOf).toList();
  }

  /** Wrong multiples of the unit (off by a few) and the given wrong-factor mistakes. */
  static List<String> scaledDistractors(
      SplittableRandom rng, int count, int unit, List<Integer> likely) {
    List<Integer> near = new ArrayList<>();
    for (int c = Math.max(1, count - 4); c <= count + 8; c++) if (c != count) near.add(c * unit);
    Collections.shuffle(near, new java.util.Random(rng.nextLong()));
    var wrong = new LinkedHashSet<Integer>();
    List<Integer> mixed = new ArrayList<>(likely.subList(0, 1));
    mixed.addAll(near.subList(0, 2));
    mixed.addAll(likely.subList(1, likely.size()));
    mixed.addAll(near);
    for (int v : mixed) if (v != count * unit) wrong.add(v);
    return wrong.stream().limit(9).map(String::valueOf).toList();
  }
}
