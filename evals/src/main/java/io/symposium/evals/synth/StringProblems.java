package io.symposium.evals.synth;

import static io.symposium.evals.synth.Draws.distinctLetters;
import static io.symposium.evals.synth.Draws.intDistractors;
import static io.symposium.evals.synth.Draws.permutations;
import static io.symposium.evals.synth.Draws.phrase;
import static io.symposium.evals.synth.Draws.shuffledFirst;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The problems of the strings skills ({@link Skill}): string skills on short words: reversing,
 * sorting, counting and picking letters.
 */
final class StringProblems {

  private StringProblems() {}

  static Problem reverseWord(SplittableRandom rng, FactWorld world, ItemFormat format) {
    String word = distinctLetters(rng, 4 + rng.nextInt(3));
    String reversed = new StringBuilder(word).reverse().toString();
    String stem =
        phrase(
                rng,
                "Reverse the word '%s'.",
                "Write '%s' backwards.",
                "What is '%s' spelled in reverse?")
            .formatted(word);
    return new Problem(
        stem, reversed, "reversed: %s.".formatted(reversed), permutations(rng, word, reversed));
  }

  static Problem sortLetters(SplittableRandom rng, FactWorld world, ItemFormat format) {
    String word = distinctLetters(rng, 4 + rng.nextInt(3));
    char[] letters = word.toCharArray();
    java.util.Arrays.sort(letters);
    String sorted = new String(letters);
    String stem =
        phrase(
                rng,
                "Sort the letters of '%s' alphabetically.",
                "Put the letters of '%s' in alphabetical order.",
                "Arrange the letters of '%s' from a to z.")
            .formatted(word);
    return new Problem(
        stem, sorted, "sorted: %s.".formatted(sorted), permutations(rng, word, sorted));
  }

  static Problem countLetter(SplittableRandom rng, FactWorld world, ItemFormat format) {
    String alphabet = distinctLetters(rng, 4);
    var sb = new StringBuilder();
    int length = 5 + rng.nextInt(4);
    for (int i = 0; i < length; i++) sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
    String word = sb.toString();
    char target =
        rng.nextInt(6) == 0 ? (char) ('a' + rng.nextInt(26)) : word.charAt(rng.nextInt(length));
    int count = (int) word.chars().filter(c -> c == target).count();
    String stem =
        phrase(
                rng,
                "How many times does the letter '%c' occur in '%s'?",
                "Count the letter '%c' in '%s'.",
                "How often does '%c' appear in '%s'?")
            .formatted(target, word);
    String found =
        count == 0
            ? "none"
            : String.join(" ", Collections.nCopies(count, Character.toString(target)));
    return new Problem(
        stem,
        Integer.toString(count),
        "found %s: %d.".formatted(found, count),
        intDistractors(rng, count, List.of(), 0, 9));
  }

  static Problem firstLastLetter(SplittableRandom rng, FactWorld world, ItemFormat format) {
    String word = distinctLetters(rng, 4 + rng.nextInt(4));
    char first = word.charAt(0);
    char last = word.charAt(word.length() - 1);
    String answer = first + " and " + last;
    String stem =
        phrase(
                rng,
                "What are the first and last letters of '%s'?",
                "Give the first and the last letter of '%s'.",
                "Name the first and last letters of '%s'.")
            .formatted(word);
    var wrong = new LinkedHashSet<String>();
    wrong.add(last + " and " + first);
    wrong.add(first + " and " + word.charAt(word.length() - 2));
    wrong.add(word.charAt(1) + " and " + last);
    while (wrong.size() < 12) {
      wrong.add(
          word.charAt(rng.nextInt(word.length()))
              + " and "
              + word.charAt(rng.nextInt(word.length())));
    }
    wrong.remove(answer);
    return new Problem(
        stem,
        answer,
        "first %c, last %c.".formatted(first, last),
        shuffledFirst(rng, List.copyOf(wrong), 9));
  }

  static Problem vowelCount(SplittableRandom rng, FactWorld world, ItemFormat format) {
    int length = 4 + rng.nextInt(5);
    var sb = new StringBuilder();
    for (int i = 0; i < length; i++) sb.append((char) ('a' + rng.nextInt(26)));
    String word = sb.toString();
    List<String> vowels =
        word.chars().filter(c -> "aeiou".indexOf(c) >= 0).mapToObj(Character::toString).toList();
    String stem =
        phrase(
                rng,
                "How many vowels are in '%s'?",
                "Count the vowels in '%s'.",
                "'%s' has how many vowels?")
            .formatted(word);
    String found = vowels.isEmpty() ? "none" : String.join(" ", vowels);
    return new Problem(
        stem,
        Integer.toString(vowels.size()),
        "vowels: %s: %d.".formatted(found, vowels.size()),
        intDistractors(rng, vowels.size(), List.of(), 0, 9));
  }
}
