package io.symposium.evals.synth;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic skills. Design note: research/zoo-calibration.md found that a tiny character-level
 * model learns memorisation and string skills within minutes but stays at chance on multi-digit
 * arithmetic, so every skill here is either a lookup in the {@link FactWorld}, a string operation
 * on a short word, a comparison or boolean step, or arithmetic on single digits and small tables.
 * Each skill poses a {@link Problem} with a one-line worked step, written so the model can copy it
 * before the final answer. The problems are written per domain ({@link FactProblems}, {@link
 * StringProblems}, {@link LogicProblems}, {@link ArithmeticProblems}, {@link UnitProblems}) from
 * the shared random {@link Draws}.
 */
public enum Skill {
  CAPITAL(
      "capital",
      Domain.FACTS,
      ItemAnswer.TEXT,
      List.of(
          List.of("geography", "capital cities", "world facts"), List.of("memorization", "recall")),
      FactProblems::capital),
  CREATURE_COLOUR(
      "creature_colour",
      Domain.FACTS,
      ItemAnswer.TEXT,
      List.of(
          List.of("zoology", "animals", "creatures"),
          List.of("colors", "colours"),
          List.of("memorization", "recall")),
      FactProblems::creatureColour),
  PLANET_MOONS(
      "planet_moons",
      Domain.FACTS,
      ItemAnswer.INTEGER,
      List.of(List.of("astronomy", "planets", "space"), List.of("memorization", "recall")),
      FactProblems::planetMoons),
  REVERSE_WORD(
      "reverse_word",
      Domain.STRINGS,
      ItemAnswer.TEXT,
      List.of(
          List.of("string reversal", "reversing text", "reverse"),
          List.of("spelling", "letters", "string manipulation")),
      StringProblems::reverseWord),
  SORT_LETTERS(
      "sort_letters",
      Domain.STRINGS,
      ItemAnswer.TEXT,
      List.of(
          List.of("alphabetical order", "sorting letters", "sorting"),
          List.of("letters", "string manipulation", "alphabet")),
      StringProblems::sortLetters),
  COUNT_LETTER(
      "count_letter",
      Domain.STRINGS,
      ItemAnswer.INTEGER,
      List.of(
          List.of("letter counting", "character frequency", "counting"),
          List.of("spelling", "letters", "string manipulation")),
      StringProblems::countLetter),
  FIRST_LAST_LETTER(
      "first_last_letter",
      Domain.STRINGS,
      ItemAnswer.TEXT,
      List.of(
          List.of("first and last letters", "word boundaries", "letter positions"),
          List.of("spelling", "letters")),
      StringProblems::firstLastLetter),
  VOWEL_COUNT(
      "vowel_count",
      Domain.STRINGS,
      ItemAnswer.INTEGER,
      List.of(
          List.of("vowels", "vowel counting", "counting"),
          List.of("phonetics", "letters", "spelling")),
      StringProblems::vowelCount),
  COMPARE_NUMBERS(
      "compare_numbers",
      Domain.LOGIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("comparison", "number comparison", "ordering"),
          List.of("logic", "reasoning", "magnitude")),
      LogicProblems::compareNumbers),
  PARITY(
      "parity",
      Domain.LOGIC,
      ItemAnswer.TEXT,
      List.of(
          List.of("parity", "even and odd numbers", "even numbers"),
          List.of("logic", "number properties", "divisibility")),
      LogicProblems::parity),
  BOOLEAN_LOGIC(
      "boolean_logic",
      Domain.LOGIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("boolean logic", "truth values", "logical operators"),
          List.of("logic", "propositional logic")),
      LogicProblems::booleanLogic),
  SMALLEST_NUMBER(
      "smallest_number",
      Domain.LOGIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("minimum", "smallest number", "ordering"),
          List.of("logic", "comparison", "lists")),
      LogicProblems::smallestNumber),
  ADDITION(
      "addition",
      Domain.ARITHMETIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("addition", "sum", "adding numbers"),
          List.of("arithmetic", "mathematics", "basic math")),
      ArithmeticProblems::addition),
  SUBTRACTION(
      "subtraction",
      Domain.ARITHMETIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("subtraction", "difference", "subtracting numbers"),
          List.of("arithmetic", "mathematics", "basic math")),
      ArithmeticProblems::subtraction),
  MULTIPLICATION(
      "multiplication",
      Domain.ARITHMETIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("multiplication", "product", "times tables"),
          List.of("arithmetic", "mathematics", "basic math")),
      ArithmeticProblems::multiplication),
  MODULO(
      "modulo",
      Domain.ARITHMETIC,
      ItemAnswer.INTEGER,
      List.of(
          List.of("modular arithmetic", "remainder", "division"),
          List.of("arithmetic", "number theory")),
      ArithmeticProblems::modulo),
  KM_TO_M(
      "km_to_m",
      Domain.UNITS,
      ItemAnswer.INTEGER,
      List.of(
          List.of("unit conversion", "converting units", "measurement"),
          List.of("length", "metric system", "distance")),
      UnitProblems::kmToM),
  HOURS_TO_MINUTES(
      "hours_to_minutes",
      Domain.UNITS,
      ItemAnswer.INTEGER,
      List.of(
          List.of("unit conversion", "converting units", "measurement"),
          List.of("time", "hours and minutes", "clocks")),
      UnitProblems::hoursToMinutes),
  WEEKS_TO_DAYS(
      "weeks_to_days",
      Domain.UNITS,
      ItemAnswer.INTEGER,
      List.of(
          List.of("unit conversion", "converting units", "measurement"),
          List.of("time", "calendar", "days and weeks")),
      UnitProblems::weeksToDays);

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
  private final Poser poser;

  /** How a skill poses a problem; each domain's problems live in a class of their own. */
  @FunctionalInterface
  interface Poser {
    Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format);
  }

  Skill(
      String id,
      Domain domain,
      ItemAnswer answerKind,
      List<List<String>> keywordGroups,
      Poser poser) {
    this.id = id;
    this.domain = domain;
    this.answerKind = answerKind;
    this.keywordGroups = keywordGroups;
    this.poser = poser;
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

  /** Poses one problem; the draws from {@code rng} make the benchmark, so their order is fixed. */
  Problem pose(SplittableRandom rng, FactWorld world, ItemFormat format) {
    return poser.pose(rng, world, format);
  }
}
