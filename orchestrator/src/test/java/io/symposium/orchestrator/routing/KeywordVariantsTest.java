package io.symposium.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class KeywordVariantsTest {

  @ParameterizedTest
  @CsvSource({
    "colors, colours",
    "colour, color",
    "sort, sorts",
    "long-division, long division",
    "Prime Numbers, prime number",
    "organise, organize",
    "analyse, analyze",
    "centre, center",
    "parities, parity",
    "matches, match"
  })
  void canonical_variants_same(String a, String b) {
    assertThat(KeywordVariants.canonical(a)).isEqualTo(KeywordVariants.canonical(b));
  }

  @ParameterizedTest
  @CsvSource({
    "addition, audition",
    "count, county",
    "class, clas",
    "sum, sun",
    "logic, logical",
    "bus, bu"
  })
  void canonical_differentSkills_apart(String a, String b) {
    assertThat(KeywordVariants.canonical(a)).isNotEqualTo(KeywordVariants.canonical(b));
  }

  @Test
  void of_groupsTheVocabularysVariants_andLeavesOthersAlone() {
    KeywordVariants variants =
        KeywordVariants.of(Set.of("colors", "colours", "Colour", "sorting", "parity"));

    assertThat(variants.of("colors")).containsExactly("Colour", "colors", "colours");
    assertThat(variants.of("sorting")).containsExactly("sorting");
    assertThat(variants.of("unseen")).containsExactly("unseen");
  }
}
