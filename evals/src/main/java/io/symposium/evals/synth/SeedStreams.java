package io.symposium.evals.synth;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from one user seed: one per purpose (benchmark, expert
 * training, keyword training, aggregator training) and skill. Keying a stream by the skill's id
 * rather than its position keeps a skill's questions stable when skills are added; keying it by
 * purpose is what keeps training text from replaying the benchmark's draws.
 */
enum SeedStreams {
  BENCH,
  EXPERT_TRAINING,
  KEYWORD_TRAINING,
  AGGREGATOR_TRAINING;

  SplittableRandom forSkill(long seed, Skill skill) {
    return new SplittableRandom(
        mix(mix(seed) ^ mix(name().hashCode() * 31L + skill.id().hashCode())));
  }

  SplittableRandom shared(long seed) {
    return new SplittableRandom(mix(mix(seed) ^ mix(name().hashCode())));
  }

  /** The SplitMix64 finaliser: spreads nearby seeds over the whole range of longs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
