package io.symposium.orchestrator.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Composition of Experts: classify the query into a category, send it to that category's expert,
 * and to a generalist when the classifier is unsure.
 *
 * <p>Design note (research/symbolic-moe.md §6.1–6.3). One expert is active per request, so this
 * router recruits exactly one expert whatever k and mode ask for, and there is no aggregation. The
 * classifier is a keyword vote: each of the query's keywords (repeats counted, as in §1.5) votes
 * for its category; the top category {@code c*} has the most votes (ties: the category voted for
 * first) and the confidence is its share of all the query's keywords, so a keyword without a
 * category lowers it. Below the threshold τ, or with no vote at all, the query goes to the
 * generalist: the configured model, or the candidate with the highest γ ("the strongest model",
 * §6.2's uncertainty fallback). Otherwise it goes to {@code map[c*]}, the candidate with the best
 * score on the category ({@link CategoryMap}). The category map depends only on the profile set and
 * the options, so the {@link SkillProfiles} instance keeps it: a router made per query costs
 * nothing extra.
 */
final class CompositionOfExpertsRouter implements Router {

  private final CompositionOfExpertsOptions options;

  CompositionOfExpertsRouter(CompositionOfExpertsOptions options) {
    this.options = options;
  }

  CategoryMap categoryMap(SkillProfiles profiles) {
    return profiles.categoryMap(options);
  }

  @Override
  public RoutingDecision route(RoutingInput input) {
    SkillProfiles profiles = input.profiles();
    CategoryMap map = categoryMap(profiles);
    boolean[] allowed = profiles.candidates(input.options());
    int n = profiles.size();
    int[] candidates = new int[n];
    int count = 0;
    for (int m = 0; m < n; m++) {
      if (allowed[m]) {
        candidates[count++] = m;
      }
    }
    candidates = Arrays.copyOf(candidates, count);

    List<String> keywords = input.keywords();
    long[] suitability = new long[n];
    List<String> unknown = new ArrayList<>();
    int[] votedCategory = new int[keywords.size()];
    int[] votes = new int[keywords.size()];
    int distinctVoted = 0;
    int known = 0;
    for (String keyword : keywords) {
      int[] column = profiles.column(keyword);
      if (column == null) {
        unknown.add(keyword);
      } else {
        known++;
        for (int m = 0; m < n; m++) {
          suitability[m] += column[m];
        }
      }
      int c = map.categoryOf(keyword);
      if (c >= 0) {
        int slot = 0;
        while (slot < distinctVoted && votedCategory[slot] != c) {
          slot++;
        }
        if (slot == distinctVoted) {
          votedCategory[distinctVoted++] = c;
        }
        votes[slot]++;
      }
    }

    EnumSet<Fallback> fallbacks = EnumSet.noneOf(Fallback.class);
    @Nullable Classification classification = null;
    int[] order;
    if (keywords.isEmpty()) {
      fallbacks.add(Fallback.EMPTY_KEYWORDS);
      order = generalistFirst(candidates, map, profiles);
    } else if (distinctVoted == 0) {
      fallbacks.add(known == 0 ? Fallback.NO_KEYWORD_IN_VOCABULARY : Fallback.LOW_CONFIDENCE);
      order = generalistFirst(candidates, map, profiles);
    } else {
      int top = 0;
      for (int slot = 1; slot < distinctVoted; slot++) {
        if (votes[slot] > votes[top]) { // strictly more: a tie keeps the category voted for first
          top = slot;
        }
      }
      double confidence = (double) votes[top] / keywords.size();
      classification =
          new Classification(
              map.category(votedCategory[top]), confidence, votes[top], keywords.size());
      if (confidence < options.confidenceThreshold()) {
        fallbacks.add(Fallback.LOW_CONFIDENCE);
        order = generalistFirst(candidates, map, profiles);
      } else {
        order = rank(candidates, map.scores(votedCategory[top]), profiles);
      }
    }

    int expert = order[0];
    List<ModelScore> scores = new ArrayList<>(order.length);
    List<String> nextBest = new ArrayList<>(order.length - 1);
    for (int m : order) {
      double chosen = m == expert ? 1 : 0;
      scores.add(
          new ModelScore(
              profiles.modelAt(m), suitability[m], profiles.competenceAt(m), chosen, chosen));
      if (m != expert) {
        nextBest.add(profiles.modelAt(m));
      }
    }
    return new RoutingDecision(
        List.of(profiles.modelAt(expert)), scores, fallbacks, nextBest, unknown, classification);
  }

  /**
   * Candidates with the configured generalist first (when allowed), then by γ, highest first, ties
   * in model order.
   */
  private static int[] generalistFirst(int[] candidates, CategoryMap map, SkillProfiles profiles) {
    int[] order = rank(candidates, new long[profiles.size()], profiles);
    int generalist = map.generalist();
    for (int i = 0; i < order.length; i++) {
      if (order[i] == generalist) {
        System.arraycopy(order, 0, order, 1, i);
        order[0] = generalist;
        break;
      }
    }
    return order;
  }

  /** Candidates by score, then γ, highest first, then model order (§6.3's tie-break). */
  static int[] rank(int[] candidates, long[] score, SkillProfiles profiles) {
    int[] order = candidates.clone();
    for (int j = 1; j < order.length; j++) {
      int m = order[j];
      int i = j;
      while (i > 0 && better(m, order[i - 1], score, profiles)) {
        order[i] = order[i - 1];
        i--;
      }
      order[i] = m;
    }
    return order;
  }

  private static boolean better(int a, int b, long[] score, SkillProfiles profiles) {
    if (score[a] != score[b]) {
      return score[a] > score[b];
    }
    return profiles.competenceAt(a) > profiles.competenceAt(b);
  }
}
