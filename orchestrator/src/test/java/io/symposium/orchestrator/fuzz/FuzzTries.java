package io.symposium.orchestrator.fuzz;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs a property's tries, each from its own {@code SplittableRandom(seed ^ try)}: one base seed
 * (fixed, or {@code -Dfuzz.seed=N}) replays every try, and a failure names the property, the seed
 * and the try.
 */
final class FuzzTries {

  /** The base seed of every property's tries. */
  static final long SEED = Long.getLong("fuzz.seed", 0x5EED_F022L);

  private FuzzTries() {}

  static void run(String property, int tries, Consumer<SplittableRandom> body) {
    count(
        property,
        tries,
        random -> {
          body.accept(random);
          return true;
        });
  }

  /** Runs the tries and returns how many of them {@code body} answered true for. */
  static int count(String property, int tries, Predicate<SplittableRandom> body) {
    int hits = 0;
    for (int i = 0; i < tries; i++) {
      try {
        if (body.test(new SplittableRandom(SEED ^ i))) {
          hits++;
        }
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(where(property, i, tries) + ": " + e.getMessage(), e);
      }
    }
    return hits;
  }

  /** Fails unless at least {@code minPercent} of the tries got as far as {@code what}. */
  static void assertCoverage(String property, String what, int hits, int tries, int minPercent) {
    if (hits * 100L < (long) minPercent * tries) {
      throw new AssertionError(
          String.format(
              "property %s: only %d of %d tries %s (at least %d%% must), base seed %d"
                  + " (replay with -Dfuzz.seed=%d)",
              property, hits, tries, what, minPercent, SEED, SEED));
    }
  }

  private static String where(String property, int tryIndex, int tries) {
    return String.format(
        "property %s failed at try %d of %d, base seed %d (replay with -Dfuzz.seed=%d)",
        property, tryIndex, tries, SEED, SEED);
  }
}
