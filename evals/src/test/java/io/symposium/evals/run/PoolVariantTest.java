package io.symposium.evals.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The robustness pools of the routing issue, as the command line asks for them. */
final class PoolVariantTest {

  static ZooCatalog zoo;

  @BeforeAll
  static void readZoo() {
    zoo = ZooCatalog.read(Path.of("zoo/models"));
  }

  @Test
  void variant_withoutGeneralistLarge_keepsTheOthersAndTheHelpers() {
    ZooCatalog variant = zoo.variant(List.of("generalist-large"), null);

    assertThat(variant.experts())
        .doesNotContain("generalist-large")
        .hasSize(zoo.experts().size() - 1);
    assertThat(variant.keywordModel()).isEqualTo(zoo.keywordModel());
    assertThat(variant.aggregatorModel()).isEqualTo(zoo.aggregatorModel());
  }

  @Test
  void variant_twin_secondCopyOfTheSameFile() {
    ZooCatalog variant = zoo.variant(List.of(), "expert-facts");

    assertThat(variant.experts()).contains("expert-facts", "expert-facts-twin");
    ZooCatalog.Model original =
        variant.models().stream()
            .filter(m -> m.name().equals("expert-facts"))
            .findFirst()
            .orElseThrow();
    ZooCatalog.Model twin =
        variant.models().stream()
            .filter(m -> m.name().equals("expert-facts-twin"))
            .findFirst()
            .orElseThrow();
    assertThat(twin.gguf()).isEqualTo(original.gguf());
    assertThat(twin.sha256()).isEqualTo(original.sha256());
    assertThat(twin.role()).isEqualTo(ZooCatalog.Role.EXPERT);
  }

  @Test
  void variant_unknownNames_clearErrors() {
    assertThatThrownBy(() -> zoo.variant(List.of("no-such-expert"), null))
        .hasMessageContaining("cannot drop 'no-such-expert'");
    assertThatThrownBy(() -> zoo.variant(List.of("keywords"), null))
        .hasMessageContaining("cannot drop 'keywords'");
    assertThatThrownBy(() -> zoo.variant(List.of(), "generalist-large-x"))
        .hasMessageContaining("cannot twin 'generalist-large-x'");
  }

  @Test
  void arguments_dropAndTwin_reachTheSettings() {
    EvalSettings settings =
        EvalArguments.parse(
            "--zoo",
            "zoo/models",
            "--drop",
            "generalist-large, generalist-small",
            "--twin",
            "expert-logic");
    assertThat(settings.dropped()).containsExactly("generalist-large", "generalist-small");
    assertThat(settings.twin()).isEqualTo("expert-logic");
    assertThat(EvalArguments.parse("--zoo", "zoo/models").dropped()).isEmpty();
  }
}
