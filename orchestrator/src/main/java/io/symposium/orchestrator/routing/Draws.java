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
   * {@code k} seeded draws without replacement among the candidates with positive weight, each
   * proportional to the weights left; fewer when fewer candidates have weight.
   */
  static int[] sampleDistinct(int[] ranked, double[] weight, int k, long seed) {
    boolean[] taken = new boolean[ranked.length];
    double left = 0;
    int positive = 0;
    for (int m : ranked) {
      if (weight[m] > 0) {
        left += weight[m];
        positive++;
      }
    }
    if (positive == 0) {
      return new int[] {ranked[0]}; // the routers never leave every weight 0; still, recruit one
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] drawn = new int[Math.min(k, positive)];
    for (int d = 0; d < drawn.length; d++) {
      double point = random.nextDouble() * left;
      int pick = -1;
      double cumulative = 0;
      for (int i = 0; i < ranked.length; i++) {
        if (taken[i] || weight[ranked[i]] <= 0) {
          continue;
        }
        pick = i; // the last eligible one, should rounding leave the point past the sum
        cumulative += weight[ranked[i]];
        if (cumulative > point) {
          break;
        }
      }
      taken[pick] = true;
      left -= weight[ranked[pick]];
      drawn[d] = ranked[pick];
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
