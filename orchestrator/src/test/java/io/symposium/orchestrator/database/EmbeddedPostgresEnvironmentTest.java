package io.symposium.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

final class EmbeddedPostgresEnvironmentTest {

  /**
   * An environment without the machine's variables: CI sets SYMPOSIUM_DB_URL, which must not leak
   * in.
   */
  static StandardEnvironment isolatedEnvironment() {
    var env = new StandardEnvironment();
    env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    return env;
  }

  @Test
  void withoutScheme_jdbcAndR2dbc_sameServerAddress() {
    assertThat(EmbeddedPostgresEnvironment.withoutScheme("jdbc:postgresql://db:5432/s"))
        .isEqualTo("postgresql://db:5432/s");
    assertThat(EmbeddedPostgresEnvironment.withoutScheme("r2dbc:postgresql://db:5432/s"))
        .isEqualTo("postgresql://db:5432/s");
    assertThat(EmbeddedPostgresEnvironment.withoutScheme("postgres://db/s"))
        .isEqualTo("postgresql://db/s");
  }

  @Test
  void withoutScheme_foreignUrl_rejectedWithExample() {
    assertThatThrownBy(() -> EmbeddedPostgresEnvironment.withoutScheme("mysql://db/s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql://");
  }

  @Test
  void postProcess_symposiumDbUrl_configuresR2dbcAndFlywayWithoutEmbeddedServer() {
    var env = isolatedEnvironment();
    env.getPropertySources()
        .addFirst(
            new MapPropertySource(
                "test",
                Map.of(
                    "symposium.db.url",
                    "jdbc:postgresql://db:5432/s",
                    "symposium.db.username",
                    "u",
                    "symposium.db.password",
                    "p")));
    new EmbeddedPostgresEnvironment().postProcessEnvironment(env, new SpringApplication());
    assertThat(env.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:postgresql://db:5432/s");
    assertThat(env.getProperty("spring.flyway.url")).isEqualTo("jdbc:postgresql://db:5432/s");
    assertThat(env.getProperty("spring.flyway.user")).isEqualTo("u");
    assertThat(env.getProperty("spring.r2dbc.password")).isEqualTo("p");
    assertThat(EmbeddedPostgresServers.snapshot()).isEmpty();
  }

  @Test
  void postProcess_springR2dbcUrlOnly_derivesFlywayUrl() {
    var env = isolatedEnvironment();
    env.getPropertySources()
        .addFirst(
            new MapPropertySource(
                "test",
                Map.of(
                    "spring.r2dbc.url",
                    "r2dbc:postgresql://db:5432/s",
                    "spring.r2dbc.username",
                    "u")));
    new EmbeddedPostgresEnvironment().postProcessEnvironment(env, new SpringApplication());
    assertThat(env.getProperty("spring.flyway.url")).isEqualTo("jdbc:postgresql://db:5432/s");
    assertThat(env.getProperty("spring.flyway.user")).isEqualTo("u");
    assertThat(EmbeddedPostgresServers.snapshot()).isEmpty();
  }
}
