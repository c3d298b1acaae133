package io.symposium.evals.synth;

import java.util.List;

/**
 * One formatted question with everything known about it: the benchmark view ({@link #question()},
 * {@link #goldAnswer()}, {@link #category()}), the hidden labels ({@link #skill()}, {@link
 * #format()}) and the completion an expert should write ({@link #completion()}: the worked step,
 * then "The answer is (X)" or "The answer is \boxed{N}").
 */
public record SkillItem(
    Skill skill,
    ItemFormat format,
    String question,
    String goldAnswer,
    String answerValue,
    String reasoning,
    List<String> options) {
  public SkillItem {
    options = List.copyOf(options);
    if (format.options() != options.size())
      throw new IllegalArgumentException(
          "%s needs %d options, got %d".formatted(format, format.options(), options.size()));
  }

  /** The benchmark's {@code category}: the skill's domain. */
  public String category() {
    return skill.domain().id();
  }

  /**
   * The expert's answer text: a short worked step, for multiple choice the option lookup, then the
   * final-answer sentence: {@code reversed: gvec. (C) gvec. The answer is (C)}.
   *
   * <p>The lookup is what a tiny model finds hard: the worked step yields the value, but the answer
   * is the letter of the option that holds it. Writing the letter right after the value, followed
   * by that option's text as the prompt has it, puts the lookup where the value is still local
   * context and trains the copy in both directions (value to letter, letter to option text); the
   * final sentence then only repeats the letter a few tokens back.
   */
  public String completion() {
    return reasoning + " " + answerWithLookup(answerValue);
  }

  /**
   * The final part of an answer that settles on {@code value}: for multiple choice the lookup
   * {@code (X) value.} and the final sentence, for a free answer the final sentence alone.
   */
  String answerWithLookup(String value) {
    String gold = goldFor(value);
    return format.multipleChoice()
        ? "(" + gold + ") " + value + ". " + finalAnswer(gold)
        : finalAnswer(gold);
  }

  /** The final-answer sentence for a given gold answer in this item's format. */
  String finalAnswer(String gold) {
    return format.multipleChoice()
        ? "The answer is (" + gold + ")"
        : "The answer is \\boxed{" + gold + "}";
  }

  /** The letter of the option holding {@code value}, or the value itself for a free answer. */
  String goldFor(String value) {
    if (!format.multipleChoice()) return value;
    int index = options.indexOf(value);
    if (index < 0) throw new IllegalArgumentException("'" + value + "' is not an option");
    return Character.toString('A' + index);
  }

  static SkillItem of(
      Skill skill, ItemFormat format, Problem problem, java.util.SplittableRandom rng) {
    if (!format.multipleChoice())
      return new SkillItem(
          skill,
          format,
          problem.stem(),
          problem.answer(),
          problem.answer(),
          problem.reasoning(),
          List.of());
    var options =
        new java.util.ArrayList<String>(problem.distractors().subList(0, format.options() - 1));
    int goldIndex = rng.nextInt(format.options());
    options.add(goldIndex, problem.answer());
    var question = new StringBuilder(problem.stem()).append(" The options are:");
    for (int i = 0; i < options.size(); i++)
      question.append(" (").append((char) ('A' + i)).append(") ").append(options.get(i));
    return new SkillItem(
        skill,
        format,
        question.toString(),
        Character.toString('A' + goldIndex),
        problem.answer(),
        problem.reasoning(),
        options);
  }
}
