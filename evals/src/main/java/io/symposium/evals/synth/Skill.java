package io.symposium.evals.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic skills. Design note: research/zoo-calibration.md found that a tiny character-level
 * model learns memorisation and string skills within minutes but stays at chance on multi-digit
 * arithmetic, so every skill here is either a lookup in the {@link FactWorld}, a string operation
 * on a short word, a comparison or boolean step, or arithmetic on single digits and small tables.
 * Each skill poses a {@link Problem} with a one-line worked step, written so the model can copy it
 * before the final answer.
 */
public enum Skill {
  CAPITAL(
      "capital",
      Domain.FACTS,
      ItemAnswer.TEXT,
      List.of(
          List.of("geography", "capital cities", "world facts"),
          List.of("memorization", "recall"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
      String country = pick(rng, world.countries());
      String capital = world.capitalOf(country);
      String stem =
          phrase(
                  rng,
                  "What is the capital of %s?",
                  "Which city is the capital of %s?",
                  "%s has which capital city?")
              .formatted(country);
      return new Problem(
          stem,
          capital,
          "The capital of %s is %s.".formatted(country, capital),
          shuffledFirst(rng, world.otherCapitals(capital), 9));
    }
  },
  CREATURE_COLOUR(
      "creature_colour",
      Domain.FACTS,
      ItemAnswer.TEXT,
      List.of(
          List.of("zoology", "animals", "creatures"),
          List.of("colors", "colours"),
          List.of("memorization", "recall"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
      String creature = pick(rng, world.creatures());
      String colour = world.colourOf(creature);
      String stem =
          phrase(
                  rng,
                  "What colour is a %s?",
                  "Which colour does the %s have?",
                  "A %s is what colour?")
              .formatted(creature);
      List<String> others = new ArrayList<>(FactWorld.COLOURS);
      others.remove(colour);
      return new Problem(
          stem, colour, "A %s is %s.".formatted(creature, colour), shuffledFirst(rng, others, 9));
    }
  },
  PLANET_MOONS(
      "planet_moons",
      Domain.FACTS,
      ItemAnswer.INTEGER,
      List.of(List.of("astronomy", "planets", "space"), List.of("memorization", "recall"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
      String planet = pick(rng, world.planets());
      int moons = world.moonsOf(planet);
      String stem =
          phrase(
                  rng,
                  "How many moons does planet %s have?",
                  "Planet %s has how many moons?",
                  "Count the moons of planet %s.")
              .formatted(planet);
      return new Problem(
          stem,
          Integer.toString(moons),
          "%s has %d moons.".formatted(planet, moons),
          intDistractors(rng, moons, List.of(), 0, 19));
    }
  },
  REVERSE_WORD(
      "reverse_word",
      Domain.STRINGS,
      ItemAnswer.TEXT,
      List.of(
          List.of("string reversal", "reversing text", "reverse"),
          List.of("spelling", "letters", "string manipulation"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  SORT_LETTERS(
      "sort_letters",
      Domain.STRINGS,
      ItemAnswer.TEXT,
      List.of(
          List.of("alphabetical order", "sorting letters", "sorting"),
          List.of("letters", "string manipulation", "alphabet"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  COUNT_LETTER(
      "count_letter",
      Domain.STRINGS,
      ItemAnswer.INTEGER,
      List.of(
          List.of("letter counting", "character frequency", "counting"),
          List.of("spelling", "letters", "string manipulation"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  FIRST_LAST_LETTER(
      "first_last_letter",
      Domain.STRINGS,
      ItemAnswer.TEXT,
      List.of(
          List.of("first and last letters", "word boundaries", "letter positions"),
          List.of("spelling", "letters"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  VOWEL_COUNT(
      "vowel_count",
      Domain.STRINGS,
      ItemAnswer.INTEGER,
      List.of(
          List.of("vowels", "vowel counting", "counting"),
          List.of("phonetics", "letters", "spelling"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  COMPARE_NUMBERS(
      "compare_numbers",
      Domain.LOGIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("comparison", "number comparison", "ordering"),
          List.of("logic", "reasoning", "magnitude"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  PARITY(
      "parity",
      Domain.LOGIC,
      ItemAnswer.TEXT,
      List.of(
          List.of("parity", "even and odd numbers", "even numbers"),
          List.of("logic", "number properties", "divisibility"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  BOOLEAN_LOGIC(
      "boolean_logic",
      Domain.LOGIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("boolean logic", "truth values", "logical operators"),
          List.of("logic", "propositional logic"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
                    "Unknown",
                    "Both",
                    "Neither",
                    "Undefined",
                    "Maybe",
                    "Never",
                    "Always",
                    "Error"));
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
  },
  SMALLEST_NUMBER(
      "smallest_number",
      Domain.LOGIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("minimum", "smallest number", "ordering"),
          List.of("logic", "comparison", "lists"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  ADDITION(
      "addition",
      Domain.ARITHMETIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("addition", "sum", "adding numbers"),
          List.of("arithmetic", "mathematics", "basic math"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  SUBTRACTION(
      "subtraction",
      Domain.ARITHMETIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("subtraction", "difference", "subtracting numbers"),
          List.of("arithmetic", "mathematics", "basic math"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  MULTIPLICATION(
      "multiplication",
      Domain.ARITHMETIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("multiplication", "product", "times tables"),
          List.of("arithmetic", "mathematics", "basic math"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  MODULO(
      "modulo",
      Domain.ARITHMETIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("modular arithmetic", "remainder", "division"),
          List.of("arithmetic", "number theory"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  KM_TO_M(
      "km_to_m",
      Domain.UNITS,
      ItemAnswer.INTEGER,
      List.of(
          List.of("unit conversion", "converting units", "measurement"),
          List.of("length", "metric system", "distance"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  HOURS_TO_MINUTES(
      "hours_to_minutes",
      Domain.UNITS,
      ItemAnswer.INTEGER,
      List.of(
          List.of("unit conversion", "converting units", "measurement"),
          List.of("time", "hours and minutes", "clocks"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  },
  WEEKS_TO_DAYS(
      "weeks_to_days",
      Domain.UNITS,
      ItemAnswer.INTEGER,
      List.of(
          List.of("unit conversion", "converting units", "measurement"),
          List.of("time", "calendar", "days and weeks"))) {
    @Override
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
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
  };

  /**
   * Whether the answer is an integer (the skill can then be asked in free-answer form) or a word.
   */
  enum ItemAnswer {
    INTEGER,
    TEXT
  }

  private final String id;
  private final Domain domain;
  private final ItemAnswer answerKind;
  private final List<List<String>> keywordGroups;

  Skill(String id, Domain domain, ItemAnswer answerKind, List<List<String>> keywordGroups) {
    this.id = id;
    this.domain = domain;
    this.answerKind = answerKind;
    this.keywordGroups = keywordGroups;
  }

  /** Stable snake_case name used in files. */
  public String id() {
    return id;
  }

  public Domain domain() {
    return domain;
  }

  /** The canonical skill labels: the first word of each keyword group. */
  public List<String> labels() {
    return keywordGroups.stream().map(List::getFirst).toList();
  }

  /**
   * Groups of synonyms; a keyword line picks one word from some of the groups. Public for scoring
   * the keyword model (evals.zoo), never for routing.
   */
  public List<List<String>> keywordGroups() {
    return keywordGroups;
  }

  /** Formats this skill can be asked in: free answer only where the answer is an integer. */
  public List<ItemFormat> formats() {
    return answerKind == ItemAnswer.INTEGER
        ? List.of(ItemFormat.MC4, ItemFormat.MC10, ItemFormat.FREE)
        : List.of(ItemFormat.MC4, ItemFormat.MC10);
  }

  /** Looks a skill up by its {@link #id()}. */
  public static Skill byId(String id) {
    for (Skill skill : values()) if (skill.id.equals(id)) return skill;
    throw new IllegalArgumentException(
        "unknown skill '%s'; known: %s"
            .formatted(id, java.util.Arrays.stream(values()).map(Skill::id).toList()));
  }

  abstract Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format);

  private static String phrase(SplittableRandom rng, String... phrasings) {
    return phrasings[rng.nextInt(phrasings.length)];
  }

  private static <T> T pick(SplittableRandom rng, List<T> values) {
    return values.get(rng.nextInt(values.size()));
  }

  private static List<String> shuffledFirst(SplittableRandom rng, List<String> values, int n) {
    List<String> copy = new ArrayList<>(values);
    Collections.shuffle(copy, new java.util.Random(rng.nextLong()));
    return List.copyOf(copy.subList(0, n));
  }

  private static String distinctLetters(SplittableRandom rng, int length) {
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
  private static List<String> permutations(SplittableRandom rng, String word, String answer) {
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
  private static List<String> intDistractors(
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
  private static List<String> scaledDistractors(
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
