package io.symposium.orchestrator.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Skill profiles for routing tests and the routing benchmark: the worked example and seeded random
 * ones.
 */
final class ProfileFixtures {

  private ProfileFixtures() {}

  /** The profiles of research/symbolic-moe.md §1.12. */
  static SkillProfiles workedExample() {
    return SkillProfiles.of(
        List.of(
            new ModelProfile("A", scores("algebra", 3, "geometry", -1, "biology", -4, "law", -1)),
            new ModelProfile("B", scores("algebra", 1, "geometry", 2, "biology", 1, "law", -3)),
            new ModelProfile("C", scores("algebra", -2, "geometry", -1, "biology", 5, "law", 0))));
  }

  /** keyword, score, keyword, score, … in order. */
  static Map<String, Integer> scores(Object... keywordsAndScores) {
    Map<String, Integer> scores = new LinkedHashMap<>();
    for (int i = 0; i < keywordsAndScores.length; i += 2) {
      scores.put((String) keywordsAndScores[i], (Integer) keywordsAndScores[i + 1]);
    }
    return scores;
  }

  /**
   * {@code models} models {@code m00, m01, …} over {@code keywords} keywords {@code kw0000, …},
   * every model scoring every keyword (§1.2) with a uniform integer in [−maxScore, maxScore].
   */
  static SkillProfiles random(int models, int keywords, int maxScore, long seed) {
    return SkillProfiles.of(randomProfiles(models, keywords, maxScore, seed));
  }

  /** The profiles of {@link #random}, not yet indexed. */
  static List<ModelProfile> randomProfiles(int models, int keywords, int maxScore, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ModelProfile> profiles = new ArrayList<>(models);
    for (int m = 0; m < models; m++) {
      Map<String, Integer> scores = new LinkedHashMap<>();
      for (int s = 0; s < keywords; s++) {
        scores.put(keyword(s), random.nextInt(-maxScore, maxScore + 1));
      }
      profiles.add(new ModelProfile("m%02d".formatted(m), scores));
    }
    return profiles;
  }

  static String keyword(int s) {
    return "kw%04d".formatted(s);
  }

  /** {@code count} vocabulary keywords of a random profile set, drawn with replacement. */
  static List<String> randomQuery(SplittableRandom random, int vocabulary, int count) {
    List<String> query = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      query.add(keyword(random.nextInt(vocabulary)));
    }
    return query;
  }
}
