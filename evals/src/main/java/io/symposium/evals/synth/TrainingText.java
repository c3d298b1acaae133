package io.symposium.evals.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Training text for the zoo's three kinds of model, drawn from seed streams that the benchmark
 * never uses ({@link SeedStreams}): the facts of the world are shared, the questions' draws,
 * phrasings and option orders are not. The prompt formats are the compact ones the zoo models are
 * served with:
 *
 * <pre>
 * expert:     Question: {q}\nAnswer:            → " {worked step} (X) {option X}. The answer is (X)"  (free: "… \boxed{N}")
 * keywords:   Question: {q}\nKeywords:          → " kw1, kw2, kw3"
 * aggregator: Question: {q}\nResponse 1: {r1}\nResponse 2: {r2}\nResponse 3: {r3}\nAnswer: → like an expert
 * </pre>
 */
public final class TrainingText {
  private TrainingText() {}

  /**
   * Expert text: {@code perSkill} questions of each skill of the mix, formats mixed, in random
   * order.
   */
  public static List<TrainingSample> expert(long seed, List<Skill> mix, int perSkill) {
    return expert(seed, mix, perSkill, FactWorld.standard());
  }

  public static List<TrainingSample> expert(
      long seed, List<Skill> mix, int perSkill, FactWorld world) {
    List<TrainingSample> samples = new ArrayList<>();
    for (Skill skill : mix) {
      var rng = SeedStreams.EXPERT_TRAINING.forSkill(seed, skill);
      for (int i = 0; i < perSkill; i++) {
        SkillItem item = draw(skill, rng, world);
        samples.add(
            new TrainingSample(skill.id(), expertPrompt(item.question()), " " + item.completion()));
      }
    }
    Collections.shuffle(samples, new Random(SeedStreams.EXPERT_TRAINING.shared(seed).nextLong()));
    return List.copyOf(samples);
  }

  /** The prompt an expert of the zoo is served with. */
  public static String expertPrompt(String question) {
    return "Question: " + question + "\nAnswer:";
  }

  /**
   * Keyword-model text: each question followed by 2–3 of its skill's keywords, synonyms varying.
   */
  public static List<TrainingSample> keywords(long seed, List<Skill> skills, int perSkill) {
    List<TrainingSample> samples = new ArrayList<>();
    FactWorld world = FactWorld.standard();
    for (Skill skill : skills) {
      var rng = SeedStreams.KEYWORD_TRAINING.forSkill(seed, skill);
      for (int i = 0; i < perSkill; i++) {
        SkillItem item = draw(skill, rng, world);
        samples.add(
            new TrainingSample(
                skill.id(),
                keywordPrompt(item.question()),
                " " + String.join(", ", keywordsFor(skill, rng))));
      }
    }
    Collections.shuffle(samples, new Random(SeedStreams.KEYWORD_TRAINING.shared(seed).nextLong()));
    return List.copyOf(samples);
  }

  /** The prompt the keyword model is served with. */
  public static String keywordPrompt(String question) {
    return "Question: " + question + "\nKeywords:";
  }

  static List<String> keywordsFor(Skill skill, SplittableRandom rng) {
    List<String> keywords = new ArrayList<>();
    List<List<String>> groups = skill.keywordGroups();
    for (int g = 0; g < groups.size(); g++) {
      // the first group (what the skill is) always, the broader groups most of the time
      if (g == 0 || rng.nextInt(10) < 8) {
        List<String> synonyms = groups.get(g);
        keywords.add(synonyms.get(rng.nextInt(synonyms.size())));
      }
    }
    return keywords;
  }

  /**
   * Aggregator text: a question, three candidate answers of which 3, 2, 1 or 0 are right
   * (20/45/25/10 %), and the correct answer with its worked step. With a right majority the target
   * is the majority; with a wrong or split one the model has to solve the question itself.
   */
  public static List<TrainingSample> aggregator(long seed, List<Skill> skills, int perSkill) {
    List<TrainingSample> samples = new ArrayList<>();
    FactWorld world = FactWorld.standard();
    for (Skill skill : skills) {
      var rng = SeedStreams.AGGREGATOR_TRAINING.forSkill(seed, skill);
      for (int i = 0; i < perSkill; i++) {
        ItemFormat format = skill.formats().get(rng.nextInt(skill.formats().size()));
        Problem problem = skill.pose(rng, world, format);
        SkillItem item = SkillItem.of(skill, format, problem, rng);
        int roll = rng.nextInt(100);
        int right = roll < 20 ? 3 : roll < 65 ? 2 : roll < 90 ? 1 : 0;
        // the options hold the first (n-1) distractors; a free answer may use any of them
        int wrongPool =
            format.multipleChoice() ? format.options() - 1 : problem.distractors().size();
        List<String> responses = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
          String value =
              r < right
                  ? item.answerValue()
                  : problem.distractors().get(rng.nextInt(Math.min(wrongPool, 3)));
          // a response ends as an expert's does: "(X) value. The answer is (X)" (its worked step
          // left out)
          responses.add(
              item.format().multipleChoice()
                  ? item.answerWithLookup(value)
                  : value + ". " + item.finalAnswer(value));
        }
        Collections.shuffle(responses, new Random(rng.nextLong()));
        samples.add(
            new TrainingSample(
                skill.id(), aggregatorPrompt(item.question(), responses), " " + item.completion()));
      }
    }
    Collections.shuffle(
        samples, new Random(SeedStreams.AGGREGATOR_TRAINING.shared(seed).nextLong()));
    return List.copyOf(samples);
  }

  /** The prompt the aggregator model is served with: the question, then the numbered responses. */
  public static String aggregatorPrompt(String question, List<String> responses) {
    var sb = new StringBuilder("Question: ").append(question);
    for (int r = 0; r < responses.size(); r++)
      sb.append("\nResponse ").append(r + 1).append(": ").append(responses.get(r));
    return sb.append("\nAnswer:").toString();
  }

  private static SkillItem draw(Skill skill, SplittableRandom rng, FactWorld world) {
    ItemFormat format = skill.formats().get(rng.nextInt(skill.formats().size()));
    return SkillItem.of(skill, format, skill.pose(rng, world, format), rng);
  }
}
