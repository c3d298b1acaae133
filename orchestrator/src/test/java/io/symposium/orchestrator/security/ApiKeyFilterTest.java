package io.symposium.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class ApiKeyFilterTest {

  @Test
  void bearer_schemesAndBlanks_keyOrNull() {
    assertThat(ApiKeyFilter.bearer("Bearer sym-abc")).isEqualTo("sym-abc");
    assertThat(ApiKeyFilter.bearer("bearer  sym-abc ")).isEqualTo("sym-abc");
    assertThat(ApiKeyFilter.bearer("Basic YWRtaW46eA==")).isNull();
    assertThat(ApiKeyFilter.bearer("Bearer ")).isNull();
    assertThat(ApiKeyFilter.bearer(null)).isNull();
  }

  @Test
  void hash_sha256OfTheKey_32BytesAndStable() {
    assertThat(ApiKeys.hash("sym-x")).hasSize(32).isEqualTo(ApiKeys.hash("sym-x"));
    assertThat(ApiKeys.hash("sym-x")).isNotEqualTo(ApiKeys.hash("sym-y"));
  }
}
