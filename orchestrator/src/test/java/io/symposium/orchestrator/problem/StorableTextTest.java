package io.symposium.orchestrator.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class StorableTextTest {

  @Test
  void firstUnstorable_validUnicodeWithControlsAndSupplementary_none() {
    assertThat(StorableText.firstUnstorable("a\u0001\u001f\u007f\uFFFE\uFEFF\uD83D\uDE00z"))
        .isEqualTo(-1);
  }

  @Test
  void firstUnstorable_nul_itsIndex() {
    assertThat(StorableText.firstUnstorable("ab\u0000c")).isEqualTo(2);
  }

  @Test
  void firstUnstorable_unpairedSurrogates_theirIndex() {
    assertThat(StorableText.firstUnstorable("x\uD800")).isEqualTo(1);
    assertThat(StorableText.firstUnstorable("x\uD800y")).isEqualTo(1);
    assertThat(StorableText.firstUnstorable("\uDC00\uD800")).isEqualTo(0);
    assertThat(StorableText.firstUnstorable("\uD83D\uDE00\uDE00")).isEqualTo(2);
  }

  @Test
  void require_unstorable_invalidRequestNamingTheField() {
    assertThatThrownBy(() -> StorableText.require("id", "m\u0000"))
        .isInstanceOfSatisfying(
            ApiProblemException.class,
            e -> {
              assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("'id'").contains("U+0000").contains("char 1");
            });
  }
}
