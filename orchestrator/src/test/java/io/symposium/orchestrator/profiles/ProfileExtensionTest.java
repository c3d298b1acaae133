package io.symposium.orchestrator.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ProfileExtensionTest {

  static final StoredProfiles BASE =
      new StoredProfiles(
          1,
          "synth",
          1,
          true,
          "run",
          "aggregator",
          Map.of(
              "expert-facts", Map.of("colors", 4, "sum", -2),
              "generalist", Map.of("colors", 2, "sum", 2)),
          Map.of(
              "expert-facts", new StoredProfiles.Accuracy(5, 8),
              "generalist", new StoredProfiles.Accuracy(6, 8)),
          Map.of("colors", 4, "sum", 4),
          Instant.EPOCH);

  @Test
  void merge_newModel_othersKeptAndNewColumnOverTheBaseVocabulary() {
    var merged =
        ProfileExtension.merge(
            BASE,
            Map.of("newcomer", Map.of("colors", 4, "sum", 0, "unseen-before", 1)),
            Map.of("newcomer", new StoredProfiles.Accuracy(6, 8)),
            Map.of("colors", 4, "sum", 4, "unseen-before", 1));

    assertThat(merged.scores().get("expert-facts")).isEqualTo(BASE.scores().get("expert-facts"));
    assertThat(merged.scores().get("generalist")).isEqualTo(BASE.scores().get("generalist"));
    assertThat(merged.scores().get("newcomer")).isEqualTo(Map.of("colors", 4, "sum", 0));
    assertThat(merged.accuracy()).containsKeys("expert-facts", "generalist", "newcomer");
    assertThat(merged.questions()).isEqualTo(BASE.questions());
  }

  @Test
  void merge_keywordTheNewRunNeverSaw_scoresZero() {
    var merged =
        ProfileExtension.merge(
            BASE,
            Map.of("newcomer", Map.of("colors", 2)),
            Map.of("newcomer", new StoredProfiles.Accuracy(3, 4)),
            Map.of("colors", 4));

    assertThat(merged.scores().get("newcomer")).isEqualTo(Map.of("colors", 2, "sum", 0));
  }

  @Test
  void rescale_otherQuestionCount_sameShareRightAndTheTargetsParity() {
    assertThat(ProfileExtension.rescale(3, 5, 5)).isEqualTo(3);
    // 4 of 5 right (net 3) on 4 questions: 3.2 right → 3 → net 2
    assertThat(ProfileExtension.rescale(3, 5, 4)).isEqualTo(2);
    // all right stays all right, all wrong stays all wrong
    assertThat(ProfileExtension.rescale(3, 3, 6)).isEqualTo(6);
    assertThat(ProfileExtension.rescale(-3, 3, 5)).isEqualTo(-5);
    for (int asked = 1; asked <= 7; asked++)
      for (int score = -asked; score <= asked; score += 2)
        for (int target = 1; target <= 7; target++) {
          int rescaled = ProfileExtension.rescale(score, asked, target);
          assertThat(Math.abs(rescaled)).isLessThanOrEqualTo(target);
          assertThat(Math.floorMod(target - rescaled, 2)).isZero();
        }
  }
}
