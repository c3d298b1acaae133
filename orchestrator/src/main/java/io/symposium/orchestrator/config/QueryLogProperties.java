package io.symposium.orchestrator.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the query log keeps a query ({@code symposium.query-log.retention}, e.g. {@code 30d};
 * unset keeps every query), and how the older ones are deleted: every {@code purge-interval}, in
 * batches of {@code purge-batch} rows, so that no delete holds many locks or a long transaction.
 */
@Validated
@ConfigurationProperties("symposium.query-log")
public record QueryLogProperties(
    @Nullable Duration retention,
    @DefaultValue("10m") Duration purgeInterval,
    @Min(1) @Max(100_000) @DefaultValue("1000") int purgeBatch) {

  public QueryLogProperties {
    if (retention != null && retention.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException(
          "symposium.query-log.retention must be at least 1h (or unset to keep every query), got "
              + retention);
    }
    if (purgeInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "symposium.query-log.purge-interval must be at least 1s, got " + purgeInterval);
    }
  }
}
