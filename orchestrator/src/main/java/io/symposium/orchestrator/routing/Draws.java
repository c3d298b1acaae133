package io.symposium.orchestrator.routing;

import java.util.SplittableRandom;

/** How recruitment probabilities become experts, shared by the routers that draw (§1.6). */
final class Draws {

  private Draws() {}

  /**
   * k draws with replacement, as {@code random.choices(ranked, weights, k)}: bisect a uniform point
   * in the cumulative weights.
   */
  static int[] sample(int[] ranked, double[] weight, double total, int k, long seed) {
    double[] cumulative = new double[ranked.length];
    double sum = 0;
    int lastPositive = 0;
    for (int i = 0; i < ranked.length; i++) {
      sum += weight[ranked[i]];
      cumulative[i] = sum;
      if (weight[ranked[i]] > 0) {
        lastPositive = i;
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] drawn = new int[k];
    for (int d = 0; d < k; d++) {
      double point = random.nextDouble() * total;
      int i = 0;
      while (i < lastPositive
          && cumulative[i]
              <= point) { // first cumulative weight above the point; zero-width slots are skipped
        i++;
      }
      drawn[d] = ranked[i];
    }
    return drawn;
  }

  /**
   * The most probable candidates with positive probability: at most k of them, stopping once their
   * sum reaches {@code mass}.
   */
  static int[] mostProbable(int[] byProbability, double[] probability, int k, double mass) {
    int count = 0;
    double cumulative = 0;
    // the tolerance keeps rounding in Σ p from adding a model when p = 1 was already reached
    while (count < k
        && count < byProbability.length
        && probability[byProbability[count]] > 0
        && cumulative < mass - 1e-12) {
      cumulative += probability[byProbability[count]];
      count++;
    }
    int[] chosen = new int[count];
    System.arraycopy(byProbability, 0, chosen, 0, count);
    return chosen;
  }

  /**
   * {@code ranked} reordered by {@code key} (a probability, an estimate), highest first; stable, so
   * ties keep the given order.
   */
  static int[] rankDescending(int[] ranked, double[] key) {
    int[] order = ranked.clone();
    for (int j = 1; j < order.length; j++) {
      int m = order[j];
      int i = j;
      while (i > 0 && key[order[i - 1]] < key[m]) {
        order[i] = order[i - 1];
        i--;
      }
      order[i] = m;
    }
    return order;
  }
}
