package io.symposium.orchestrator.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline half of Composition of Experts for one profile set: keyword → category, and each
 * category's score per model, from which the category → expert map is read.
 *
 * <p>Design note (research/symbolic-moe.md §6.3). The paper's map is {@code map[c] = argmax_e
 * acc_e(c)} over a labelled calibration set. The profiles already hold that signal per keyword
 * (right − wrong on validation questions, §1.2), so a category's score for a model is the sum of
 * its profile scores over the category's keywords, and the best expert has the highest score; ties
 * go to the higher overall accuracy, here γ, then to model order, the tie-break §6.3 gives. Scores
 * are kept per model rather than only the argmax, so an excluded expert's replacement is the next
 * model for the same category.
 */
final class CategoryMap {

  private final CompositionOfExpertsOptions options;
  private final Map<String, Integer> categoryOfKeyword;
  private final List<String> categories;
  private final long[][] scores;
  private final int generalist;

  private CategoryMap(
      CompositionOfExpertsOptions options,
      Map<String, Integer> categoryOfKeyword,
      List<String> categories,
      long[][] scores,
      int generalist) {
    this.options = options;
    this.categoryOfKeyword = categoryOfKeyword;
    this.categories = categories;
    this.scores = scores;
    this.generalist = generalist;
  }

  static CategoryMap build(SkillProfiles profiles, CompositionOfExpertsOptions options) {
    int n = profiles.size();
    int generalist = -1;
    if (options.generalist() != null) {
      if (!profiles.contains(options.generalist())) {
        throw new IllegalArgumentException(
            "generalist '"
                + options.generalist()
                + "' has no profile; profiled models: "
                + profiles.models());
      }
      generalist = profiles.models().indexOf(options.generalist());
    }
    Map<String, String> labels =
        options.keywordCategories().isEmpty() ? derive(profiles) : options.keywordCategories();
    Map<String, Integer> categoryIndex = new HashMap<>();
    List<String> categories = new ArrayList<>();
    Map<String, Integer> categoryOfKeyword = new HashMap<>();
    List<long[]> scores = new ArrayList<>();
    labels.forEach(
        (keyword, category) -> {
          int c =
              categoryIndex.computeIfAbsent(
                  category,
                  name -> {
                    categories.add(name);
                    scores.add(new long[n]);
                    return categories.size() - 1;
                  });
          categoryOfKeyword.put(keyword, c);
          int[] column = profiles.column(keyword);
          if (column != null) {
            long[] score = scores.get(c);
            for (int m = 0; m < n; m++) {
              score[m] += column[m];
            }
          }
        });
    return new CategoryMap(
        options,
        Map.copyOf(categoryOfKeyword),
        List.copyOf(categories),
        scores.toArray(long[][]::new),
        generalist);
  }

  /**
   * Keyword → the model that scores highest on it (ties: γ, then model order); keywords every model
   * scores alike get none.
   */
  private static Map<String, String> derive(SkillProfiles profiles) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> column : profiles.columns().entrySet()) {
      int[] score = column.getValue();
      int best = 0;
      boolean informative = false;
      for (int m = 1; m < score.length; m++) {
        informative |= score[m] != score[0];
        if (score[m] > score[best]
            || (score[m] == score[best]
                && profiles.competenceAt(m) > profiles.competenceAt(best))) {
          best = m;
        }
      }
      if (informative) {
        labels.put(column.getKey(), profiles.modelAt(best));
      }
    }
    return labels;
  }

  /** The options this map was built for. */
  CompositionOfExpertsOptions options() {
    return options;
  }

  /** The category index of {@code keyword}, or -1 when it has none. */
  int categoryOf(String keyword) {
    Integer c = categoryOfKeyword.get(keyword);
    return c == null ? -1 : c;
  }

  String category(int c) {
    return categories.get(c);
  }

  /** Category {@code c}'s score per model, in model order. Do not modify. */
  long[] scores(int c) {
    return scores[c];
  }

  /** The configured generalist's model index, or -1 for "the most competent candidate". */
  int generalist() {
    return generalist;
  }

  /** The expert of each category, for the explainer: category → model. */
  Map<String, String> experts(SkillProfiles profiles) {
    Map<String, String> experts = new LinkedHashMap<>();
    int[] all = new int[profiles.size()];
    for (int m = 0; m < all.length; m++) {
      all[m] = m;
    }
    for (int c = 0; c < categories.size(); c++) {
      experts.put(
          categories.get(c),
          profiles.modelAt(CompositionOfExpertsRouter.rank(all, scores[c], profiles)[0]));
    }
    return experts;
  }

  int size() {
    return categories.size();
  }
}
