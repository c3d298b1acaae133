package io.symposium.evals.run;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap of a mean: resample the values with replacement, take the mean each time,
 * and read the interval off the sorted means. Seeded, so a report is reproducible.
 */
public record Bootstrap(int resamples, long seed) {
  public Bootstrap {
    if (resamples < 1)
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
  }

  /** A closed interval. */
  public record Interval(double low, double high) {
    public Interval {
      if (!(low <= high))
        throw new IllegalArgumentException("interval [%s, %s]".formatted(low, high));
    }
  }

  /** The central {@code level} interval (e.g. 0.95) of the mean of {@code values}. */
  public Interval interval(double[] values, double level) {
    if (values.length == 0) throw new IllegalArgumentException("no values to bootstrap");
    if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1)");
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < values.length; i++) sum += values[random.nextInt(values.length)];
      means[r] = sum / values.length;
    }
    Arrays.sort(means);
    double tail = (1 - level) / 2;
    return new Interval(quantile(means, tail), quantile(means, 1 - tail));
  }

  /** Linear interpolation between the closest ranks (R's type 7). */
  static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
