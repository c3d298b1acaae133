package io.symposium.orchestrator.query;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.orchestrator.config.QueryLogProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class QueryLogPropertiesTest {

  @Test
  void retention_underAnHour_refusedWithTheKey() {
    assertThatThrownBy(
            () -> new QueryLogProperties(Duration.ofMinutes(5), Duration.ofMinutes(10), 1000))
        .hasMessageContaining("symposium.query-log.retention");
  }
}
