package io.symposium.orchestrator.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points R2DBC and Flyway at the service's PostgreSQL before any bean exists.
 *
 * <ul>
 *   <li>{@code symposium.db.url} set (JDBC or R2DBC form): both are derived from it.
 *   <li>{@code spring.r2dbc.url} set: used as is, and Flyway's JDBC URL is derived from it unless
 *       {@code spring.flyway.url} is set too (Flyway does not read the R2DBC URL).
 *   <li>neither: an embedded, real PostgreSQL is started on the data directory {@code
 *       symposium.db.embedded.data-dir} (kept between runs) and stopped when the context closes.
 * </ul>
 */
public final class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor {

  static final String PROPERTY_SOURCE = "symposiumDatabase";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    Map<String, Object> props = new HashMap<>();
    String url = env.getProperty("symposium.db.url");
    String springUrl = env.getProperty("spring.r2dbc.url");
    if (url != null && !url.isBlank()) {
      String user = env.getProperty("symposium.db.username", "");
      String password = env.getProperty("symposium.db.password", "");
      props.put("spring.r2dbc.url", "r2dbc:" + withoutScheme(url));
      props.put("spring.r2dbc.username", user);
      props.put("spring.r2dbc.password", password);
      props.put("spring.flyway.url", "jdbc:" + withoutScheme(url));
      props.put("spring.flyway.user", user);
      props.put("spring.flyway.password", password);
    } else if (springUrl != null && !springUrl.isBlank()) {
      if (!hasText(env.getProperty("spring.flyway.url"))) {
        props.put("spring.flyway.url", "jdbc:" + withoutScheme(springUrl));
        props.put("spring.flyway.user", env.getProperty("spring.r2dbc.username", ""));
        props.put("spring.flyway.password", env.getProperty("spring.r2dbc.password", ""));
      }
    } else {
      Path dataDir =
          Path.of(env.getProperty("symposium.db.embedded.data-dir", "data/postgres"))
              .toAbsolutePath()
              .normalize();
      int port = env.getProperty("symposium.db.embedded.port", Integer.class, 0);
      Duration timeout =
          env.getProperty(
              "symposium.db.embedded.startup-timeout", Duration.class, Duration.ofSeconds(60));
      EmbeddedPostgresServers.Lease lease = EmbeddedPostgresServers.acquire(dataDir, port, timeout);
      // A bean whose destroy method releases the server: beans are destroyed in reverse order of
      // creation, and this one is created first, so the connection pool closes before PostgreSQL
      // stops. A context that fails to start releases it through the listener.
      application.addInitializers(
          context -> {
            if (context instanceof GenericApplicationContext generic) {
              generic.registerBean(
                  "embeddedPostgresLease",
                  EmbeddedPostgresServers.Lease.class,
                  () -> lease,
                  bean -> bean.setDestroyMethodName("release"));
            }
          });
      application.addListeners(new ReleaseOnFailure(lease));
      String hostPort = "localhost:" + lease.port() + "/postgres";
      props.put("spring.r2dbc.url", "r2dbc:postgresql://" + hostPort);
      props.put("spring.r2dbc.username", "postgres");
      props.put("spring.r2dbc.password", "");
      props.put("spring.flyway.url", "jdbc:postgresql://" + hostPort);
      props.put("spring.flyway.user", "postgres");
      props.put("spring.flyway.password", "");
      props.put("symposium.db.embedded.running-port", lease.port());
    }
    if (!props.isEmpty()) {
      env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, props));
    }
  }

  private static boolean hasText(@Nullable String s) {
    return s != null && !s.isBlank();
  }

  /**
   * {@code jdbc:postgresql://h/db} and {@code r2dbc:postgresql://h/db} both become {@code
   * postgresql://h/db}.
   */
  static String withoutScheme(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    for (String prefix : new String[] {"jdbc:", "r2dbc:"}) {
      if (lower.startsWith(prefix)) {
        return url.substring(prefix.length());
      }
    }
    if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
      return url.replaceFirst("(?i)^postgres(ql)?://", "postgresql://");
    }
    throw new IllegalArgumentException(
        "symposium.db.url must look like jdbc:postgresql://host:5432/db or"
            + " r2dbc:postgresql://host:5432/db, got '"
            + url
            + "'");
  }

  /** Stops this context's use of the embedded server when the context fails to start. */
  private record ReleaseOnFailure(EmbeddedPostgresServers.Lease lease)
      implements ApplicationListener<ApplicationFailedEvent> {
    @Override
    public void onApplicationEvent(ApplicationFailedEvent event) {
      lease.release();
    }
  }
}
