package io.symposium.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReferenceProfilesTest {

  @TempDir Path dir;

  static ProfileSet worked() {
    // the profiles of research/symbolic-moe.md §1.12
    return new ProfileSet(
        "demo",
        List.of("algebra", "geometry", "biology", "law"),
        Map.of(
            "A", Map.of("algebra", 3, "geometry", -1, "biology", -4, "law", -1),
            "B", Map.of("algebra", 1, "geometry", 2, "biology", 1, "law", -3),
            "C", Map.of("algebra", -2, "geometry", -1, "biology", 5, "law", 0)),
        Map.of("A", new Accuracy(13, 16)));
  }

  @Test
  void json_roundTrip_sameScores() {
    ProfileSet profiles = worked();
    String json = ReferenceProfiles.toJson(profiles);
    ProfileSet back = ReferenceProfiles.parse("demo", json);
    assertThat(back.scores()).isEqualTo(profiles.scores());
    assertThat(back.vocabulary()).containsExactlyInAnyOrderElementsOf(profiles.vocabulary());
    assertThat(back.totalScore("A")).isEqualTo(-3);
    assertThat(back.accuracyOf("A")).isEmpty();
  }

  @Test
  void directory_roundTrip_referenceFileNames() throws Exception {
    List<Path> files = ReferenceProfiles.write(worked(), dir);
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("A_profile_81.25.json", "B_profile.json", "C_profile.json");
    Files.writeString(dir.resolve("A_CoT.json"), "[{\"reasoning_A\": \"...\"}]");
    ProfileSet back = ReferenceProfiles.read("demo", dir);
    assertThat(back.models()).containsExactly("A", "B", "C");
    assertThat(back.scores()).isEqualTo(worked().scores());
  }

  @Test
  void read_singleFile_allModels() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("profiles.json"),
            "{\"Qwen_7B\": {\"algebra\": 2}, \"Llama\": {\"algebra\": -1, \"law\": 4}}");
    ProfileSet profiles = ReferenceProfiles.read("demo", file);
    assertThat(profiles.profile("Qwen_7B"))
        .containsExactly(Map.entry("algebra", 2), Map.entry("law", 0));
    assertThat(profiles.score("Llama", "law")).isEqualTo(4);
  }

  @Test
  void parse_malformed_namesModelAndKeyword() {
    assertThatThrownBy(() -> ReferenceProfiles.parse("t", "{\"M\": {\"algebra\": 1.5}}"))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("model 'M', keyword 'algebra'")
        .hasMessageContaining("integer");
    assertThatThrownBy(() -> ReferenceProfiles.parse("t", "{\"M\": [1]}"))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("model 'M'");
    assertThatThrownBy(() -> ReferenceProfiles.parse("t", "[]"))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> ReferenceProfiles.parse("t", "{oops"))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ReferenceProfiles.read("t", dir))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("no {model}_profile");
  }

  @Test
  void profileSet_profileMissingVocabularyKeyword_rejected() {
    assertThatThrownBy(
            () -> new ProfileSet("t", List.of("a", "b"), Map.of("M", Map.of("a", 1)), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model 'M'")
        .hasMessageContaining("missing [b]");
  }

  @Test
  void profileSet_scoreImpossibleForItsQuestionCount_rejected() {
    // 3 questions cannot give a net score of 2 (right − wrong has the parity of the count)
    assertThatThrownBy(
            () ->
                new ProfileSet(
                    "t", List.of("a"), Map.of("M", Map.of("a", 2)), Map.of(), Map.of("a", 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("impossible over 3 questions");
  }
}
