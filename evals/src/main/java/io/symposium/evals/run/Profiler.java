package io.symposium.evals.run;

import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.Question;
import io.symposium.orchestrator.routing.SkillProfiles;
import io.symposium.orchestrator.routing.ValidationEvidence;
import io.symposium.pool.ModelPool;
import io.symposium.profile.Accuracy;
import io.symposium.profile.BenchmarkItem;
import io.symposium.profile.KeywordExtractor;
import io.symposium.profile.ProfileSet;
import io.symposium.profile.ProfilingPlan;
import io.symposium.profile.ProfilingPrompts;
import io.symposium.profile.ProfilingResult;
import io.symposium.profile.ProfilingRun;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Profiles the zoo's experts in-process with skill-profiler's profiling run over the validation
 * split, with the settings the service uses for the zoo (orchestrator ProfilingRuns): compact
 * prompts, greedy answers of at most 64 tokens, keyword calls of at most 24 tokens.
 */
public final class Profiler {
  static final int ANSWER_TOKENS = 64;
  static final int KEYWORD_TOKENS = 24;

  private Profiler() {}

  /** The keyword sampling the service uses for the zoo's keyword model. */
  static KeywordExtractor keywords(Generator generator, String model) {
    return KeywordExtractor.create(
        generator,
        model,
        ProfilingPrompts.compact(),
        KeywordExtractor.Settings.defaults().withMaxTokens(KEYWORD_TOKENS));
  }

  public static ValidationProfile profile(
      ModelPool pool, ZooCatalog zoo, Dataset dataset, ProgressListener progress) {
    long start = System.nanoTime();
    PromptFit fit = new PromptFit(zoo.withRole(ZooCatalog.Role.EXPERT));
    ProfilingPrompts prompts = ProfilingPrompts.compact();
    List<BenchmarkItem> fitting =
        dataset.validation().stream()
            .filter(
                b ->
                    fit.fits(
                        prompts.expert(Question.detect(b.question(), b.goldAnswer())),
                        ANSWER_TOKENS))
            .toList();
    if (fitting.isEmpty())
      throw new IllegalArgumentException(
          "no validation question of " + dataset.name() + " fits the experts' context");
    Generator generator = Generator.of(pool);
    ProfilingRun run =
        ProfilingRun.create(
            generator,
            keywords(generator, zoo.keywordModel()),
            prompts,
            AnswerExtractor.forFormat(ExtractionMode.LENIENT),
            ProfilingRun.Settings.defaults().withMaxTokens(ANSWER_TOKENS).withSampling(0, 0));
    ProfilingResult result =
        Objects.requireNonNull(
            run.run(
                    ProfilingPlan.detectingFormat(dataset.name(), fitting, zoo.experts()),
                    p ->
                        progress.progress(
                            "profile " + p.phase().name().toLowerCase(java.util.Locale.ROOT),
                            p.done(),
                            p.total()))
                .block());
    ProfileSet set = result.profiles();
    Map<String, Double> accuracy = new HashMap<>();
    for (String model : set.models()) {
      Accuracy a = set.accuracyOf(model).orElse(new Accuracy(0, 0));
      accuracy.put(model, a.total() == 0 ? 0 : (double) a.correct() / a.total());
    }
    return new ValidationProfile(
        SkillProfiles.fromReferenceJson(set.scores())
            .withEvidence(new ValidationEvidence(set.questions(), accuracy)),
        accuracy,
        fitting.size(),
        dataset.validation().size() - fitting.size(),
        (System.nanoTime() - start) / 1_000_000);
  }
}
