package io.symposium.orchestrator.routing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Symbolic-MoE recruitment: experts drawn in proportion to local suitability times global
 * competence.
 *
 * <p>Design note (research/symbolic-moe.md §1.4–1.6, decisions of §1.13). γ comes precomputed with
 * the {@link SkillProfiles}. For a query with mapped keywords K (repeats kept), {@code S_M =
 * Σ_{s∈K} profile_M[s]} (§1.5) and candidates are ranked by S, highest first, ties in model order.
 * Then (§1.6):
 *
 * <ul>
 *   <li>some candidate has S > 0: {@code w_M = S_M·γ_M} for those, the others get 0;
 *   <li>none has: {@code w_M = (S_M − min S + 1)·γ_M} for every candidate ({@link
 *       Fallback#NO_POSITIVE_SUITABILITY}); when no keyword is in the vocabulary every S is 0 and
 *       this is γ itself ({@link Fallback#NO_KEYWORD_IN_VOCABULARY});
 *   <li>no keywords at all: uniform weights ({@link Fallback#EMPTY_KEYWORDS}), as the reference's
 *       random choice;
 *   <li>Σ w = 0 (every weighted candidate has γ = 0, which the reference cannot handle): the
 *       suitability part alone, S or S − min S + 1 ({@link Fallback#SUITABILITY_ONLY}).
 * </ul>
 *
 * {@code p_M = w_M / Σ w}. "Candidates" are the models the options allow, so min S and Σ w are
 * taken over them; with no restriction this is the reference's "all models". {@link
 * RecruitmentMode#SAMPLE} makes k independent draws with replacement like Python's {@code
 * random.choices}: a uniform number times Σ w located in the cumulative weights of the ranked
 * candidates. The reference's draws cannot be reproduced bit for bit (§1.6), so the RNG is Java's
 * {@link SplittableRandom}, whose algorithm is specified and so stable across JDKs.
 */
final class SymbolicMoeRouter implements Router {

  @Override
  public RoutingDecision route(RoutingInput input) {
    SkillProfiles profiles = input.profiles();
    RoutingOptions options = input.options();
    int n = profiles.size();
    boolean[] allowed = profiles.candidates(options);

    long[] suitability = new long[n];
    List<String> unknown = List.of();
    int known = 0;
    for (String keyword : input.keywords()) {
      int[] column = profiles.column(keyword);
      if (column == null) {
        if (unknown.isEmpty()) {
          unknown = new ArrayList<>();
        }
        unknown.add(keyword);
        continue;
      }
      known++;
      for (int m = 0; m < n; m++) {
        suitability[m] += column[m];
      }
    }

    int[] ranked = rankBySuitability(suitability, allowed);
    EnumSet<Fallback> fallbacks = EnumSet.noneOf(Fallback.class);
    double[] weight = new double[n];
    double total = 0;
    if (input.keywords().isEmpty()) {
      fallbacks.add(Fallback.EMPTY_KEYWORDS);
      for (int m : ranked) {
        weight[m] = 1;
      }
      total = ranked.length;
    } else {
      double[] part = new double[n];
      boolean anyPositive = suitability[ranked[0]] > 0;
      long min = suitability[ranked[ranked.length - 1]];
      for (int m : ranked) {
        if (anyPositive) {
          part[m] = Math.max(0, suitability[m]);
        } else {
          part[m] = suitability[m] - min + 1;
        }
        weight[m] = part[m] * profiles.competenceAt(m);
        total += weight[m];
      }
      if (!anyPositive) {
        fallbacks.add(
            known == 0 ? Fallback.NO_KEYWORD_IN_VOCABULARY : Fallback.NO_POSITIVE_SUITABILITY);
      }
      if (profiles.competenceUniform()) {
        fallbacks.add(Fallback.UNIFORM_GLOBAL_COMPETENCE);
      }
      if (total == 0) {
        fallbacks.add(Fallback.SUITABILITY_ONLY);
        weight = part;
        for (int m : ranked) {
          total += part[m];
        }
      }
    }

    double[] probability = new double[n];
    for (int m : ranked) {
      probability[m] = weight[m] / total;
    }
    int[] byProbability = Draws.rankDescending(ranked, probability);
    int[] experts =
        switch (options.mode()) {
          case SAMPLE -> Draws.sample(ranked, weight, total, options.k(), options.seed());
          case SAMPLE_DISTINCT -> Draws.sampleDistinct(ranked, weight, options.k(), options.seed());
          case TOP_K ->
              Draws.mostProbable(byProbability, probability, options.k(), Double.POSITIVE_INFINITY);
          case TOP_P -> Draws.mostProbable(byProbability, probability, options.k(), options.topP());
        };
    return decision(
        profiles,
        ranked,
        byProbability,
        suitability,
        weight,
        probability,
        experts,
        fallbacks,
        unknown);
  }

  /** Allowed model indexes by S, highest first; stable, so ties keep model order (§1.5). */
  private static int[] rankBySuitability(long[] suitability, boolean[] allowed) {
    int count = 0;
    for (boolean a : allowed) {
      if (a) {
        count++;
      }
    }
    int[] ranked = new int[count];
    int size = 0;
    for (int m = 0; m < allowed.length; m++) {
      if (!allowed[m]) {
        continue;
      }
      int i = size++;
      while (i > 0
          && suitability[ranked[i - 1]] < suitability[m]) { // insertion sort: tens of models
        ranked[i] = ranked[i - 1];
        i--;
      }
      ranked[i] = m;
    }
    return ranked;
  }

  private static RoutingDecision decision(
      SkillProfiles profiles,
      int[] ranked,
      int[] byProbability,
      long[] suitability,
      double[] weight,
      double[] probability,
      int[] experts,
      EnumSet<Fallback> fallbacks,
      List<String> unknown) {
    List<ModelScore> scores = new ArrayList<>(ranked.length);
    for (int m : ranked) {
      scores.add(
          new ModelScore(
              profiles.modelAt(m),
              suitability[m],
              profiles.competenceAt(m),
              weight[m],
              probability[m]));
    }
    List<String> recruited = new ArrayList<>(experts.length);
    boolean[] taken = new boolean[profiles.size()];
    for (int m : experts) {
      recruited.add(profiles.modelAt(m));
      taken[m] = true;
    }
    List<String> nextBest = new ArrayList<>(byProbability.length);
    for (int m : byProbability) {
      if (!taken[m]) {
        nextBest.add(profiles.modelAt(m));
      }
    }
    return new RoutingDecision(recruited, scores, fallbacks, nextBest, unknown, null);
  }
}
