package io.symposium.orchestrator.routing;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Per-request routing options.
 *
 * @param mode how probabilities become experts
 * @param k the number of draws ({@link RecruitmentMode#SAMPLE}), of experts ({@link
 *     RecruitmentMode#TOP_K}) or the most experts ({@link RecruitmentMode#TOP_P}); the reference
 *     code fixes it at 3 (§1.6)
 * @param topP the cumulative probability {@link RecruitmentMode#TOP_P} must reach, in (0, 1]; 1 for
 *     the other modes
 * @param seed seeds the RNG of {@link RecruitmentMode#SAMPLE}: the same seed and input give the
 *     same draws
 * @param onlyModels when not empty, the only models that may be recruited
 * @param excludedModels models that must not be recruited, for example an expert that just failed;
 *     ids the profiles do not know are ignored, so a stale exclusion never breaks routing
 */
public record RoutingOptions(
    RecruitmentMode mode,
    int k,
    double topP,
    long seed,
    Set<String> onlyModels,
    Set<String> excludedModels) {

  /** The reference code's k (§1.6). */
  public static final int DEFAULT_K = 3;

  public RoutingOptions {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    }
    if (mode != RecruitmentMode.TOP_P && topP != 1) {
      throw new IllegalArgumentException(
          "top-p " + topP + " only applies to mode TOP_P, not " + mode);
    }
    onlyModels = Set.copyOf(onlyModels);
    excludedModels = Set.copyOf(excludedModels);
  }

  /** k = 3 draws with replacement, seed 0: the reference behaviour. */
  public static RoutingOptions defaults() {
    return sample(DEFAULT_K, 0);
  }

  /** k draws with replacement from an RNG seeded with {@code seed}. */
  public static RoutingOptions sample(int k, long seed) {
    return new RoutingOptions(RecruitmentMode.SAMPLE, k, 1, seed, Set.of(), Set.of());
  }

  /** k seeded draws without replacement: k distinct models. */
  public static RoutingOptions sampleDistinct(int k, long seed) {
    return new RoutingOptions(RecruitmentMode.SAMPLE_DISTINCT, k, 1, seed, Set.of(), Set.of());
  }

  /** The k most probable models. */
  public static RoutingOptions topK(int k) {
    return new RoutingOptions(RecruitmentMode.TOP_K, k, 1, 0, Set.of(), Set.of());
  }

  /**
   * The fewest most probable models whose probabilities reach {@code p}, never more than {@code
   * maxK}.
   */
  public static RoutingOptions topP(double p, int maxK) {
    return new RoutingOptions(RecruitmentMode.TOP_P, maxK, p, 0, Set.of(), Set.of());
  }

  public RoutingOptions withSeed(long newSeed) {
    return new RoutingOptions(mode, k, topP, newSeed, onlyModels, excludedModels);
  }

  public RoutingOptions withK(int newK) {
    return new RoutingOptions(mode, newK, topP, seed, onlyModels, excludedModels);
  }

  /** These options with {@code models} excluded as well. */
  public RoutingOptions excluding(Collection<String> models) {
    Set<String> excluded = new LinkedHashSet<>(excludedModels);
    excluded.addAll(models);
    return new RoutingOptions(mode, k, topP, seed, onlyModels, excluded);
  }

  /**
   * These options with recruitment restricted to {@code models} (an empty collection lifts the
   * restriction).
   */
  public RoutingOptions restrictedTo(Collection<String> models) {
    return new RoutingOptions(mode, k, topP, seed, Set.copyOf(models), excludedModels);
  }
}
