package io.symposium.orchestrator.profiles;

import java.util.HashMap;
import java.util.Map;

/**
 * A stored profile version extended by the models of a new, smaller profiling run (a model added to
 * the pool, profiled alone over the same validation set): the base's models keep their scores, the
 * new models get a column over the base's vocabulary, so a new expert is routable without
 * re-profiling the pool.
 *
 * <p>The scores of a version rest on one question count per keyword ({@code questions}): every
 * model answered the same questions. The new run extracts the keywords again; where it counted a
 * keyword on a different number of questions than the base did (keyword extraction is greedy, so
 * this is rare), the new model's net score is rescaled to the base's count with the same share of
 * right answers, rounded to the parity that count allows (right − wrong has the parity of right +
 * wrong). A keyword the new run never saw scores 0 (no evidence either way).
 */
final class ProfileExtension {
  private ProfileExtension() {}

  /** The merged scores, accuracy and question counts (the base's vocabulary and counts). */
  record Merged(
      Map<String, Map<String, Integer>> scores,
      Map<String, StoredProfiles.Accuracy> accuracy,
      Map<String, Integer> questions) {}

  static Merged merge(
      StoredProfiles base,
      Map<String, Map<String, Integer>> newScores,
      Map<String, StoredProfiles.Accuracy> newAccuracy,
      Map<String, Integer> newQuestions) {
    Map<String, Map<String, Integer>> scores = new HashMap<>(base.scores());
    Map<String, StoredProfiles.Accuracy> accuracy = new HashMap<>(base.accuracy());
    for (Map.Entry<String, Map<String, Integer>> model : newScores.entrySet()) {
      Map<String, Integer> column = new HashMap<>();
      for (Map.Entry<String, Integer> cell : base.questions().entrySet()) {
        String keyword = cell.getKey();
        Integer score = model.getValue().get(keyword);
        Integer asked = newQuestions.get(keyword);
        column.put(
            keyword,
            score == null || asked == null || asked == 0
                ? 0
                : rescale(score, asked, cell.getValue()));
      }
      scores.put(model.getKey(), column);
      StoredProfiles.Accuracy a = newAccuracy.get(model.getKey());
      if (a != null) {
        accuracy.put(model.getKey(), a);
      }
    }
    return new Merged(scores, accuracy, base.questions());
  }

  /**
   * A net score on {@code asked} questions as the net score on {@code target} questions with the
   * same share right: the nearest value of {@code target}'s parity in [−target, target].
   */
  static int rescale(int score, int asked, int target) {
    if (asked == target) {
      return score;
    }
    double share = (asked + score) / (2.0 * asked);
    int right = (int) Math.round(share * target);
    return 2 * Math.clamp(right, 0, target) - target;
  }
}
