package io.symposium.orchestrator.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the service's PostgreSQL is. With {@code url} (a {@code jdbc:postgresql://} or {@code
 * r2dbc:postgresql://} URL) set, or Spring's own {@code spring.r2dbc.url}, the service uses that
 * server; otherwise it starts an embedded PostgreSQL whose data lives in {@code embedded.data-dir}.
 *
 * <p>The embedded server is started before the application context exists (see {@code
 * database.EmbeddedPostgresEnvironment}), so these properties are read there from the raw
 * environment too; this record documents and validates them for the rest of the service.
 */
@Validated
@ConfigurationProperties("symposium.db")
public record DatabaseProperties(
    @Nullable String url,
    @Nullable String username,
    @Nullable String password,
    @Valid @NotNull @DefaultValue Embedded embedded) {

  /** The embedded PostgreSQL used when no server is configured. */
  public record Embedded(
      @NotNull @DefaultValue("data/postgres") Path dataDir,
      @Min(0) @Max(65535) @DefaultValue("0") int port,
      @NotNull @DefaultValue("60s") Duration startupTimeout) {}
}
