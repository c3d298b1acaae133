package io.symposium.orchestrator.pool;

import io.symposium.orchestrator.database.Columns;
import io.symposium.pool.BackendKind;
import io.symposium.pool.ModelSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code models} table: every model the pool knows, and where it came from. */
@Repository
public class ModelRepository {

  /** Where a model's registration came from. */
  public enum Source {
    CONFIG,
    ADMIN,
    ZOO;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final DatabaseClient db;

  public ModelRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Inserts or replaces a model's row. */
  public Mono<Void> save(ModelSpec spec, Source source, long footprintBytes) {
    var statement =
        db.sql(
                """
                INSERT INTO models (id, backend, locator, context_size, parallel_slots, threads, tags, source, pinned, footprint_bytes, settings)
                VALUES (:id, :backend, :locator, :context, :slots, :threads, :tags, :source, :pinned, :footprint, CAST(:settings AS JSONB))
                ON CONFLICT (id) DO UPDATE SET backend = EXCLUDED.backend, locator = EXCLUDED.locator,
                  context_size = EXCLUDED.context_size, parallel_slots = EXCLUDED.parallel_slots, threads = EXCLUDED.threads,
                  tags = EXCLUDED.tags, source = EXCLUDED.source, pinned = EXCLUDED.pinned,
                  footprint_bytes = EXCLUDED.footprint_bytes, settings = EXCLUDED.settings, updated_at = now()\
                """)
            .bind("id", spec.id())
            .bind("backend", spec.backend().id())
            .bind("locator", locator(spec))
            .bind("context", spec.contextSize())
            .bind("slots", spec.parallelSlots())
            .bind("tags", spec.tags().stream().sorted().toArray(String[]::new))
            .bind("source", source.column())
            .bind("pinned", spec.pinned())
            .bind("footprint", footprintBytes)
            .bind(
                "settings",
                spec.remoteName() == null
                    ? "{}"
                    : "{\"remoteName\": \""
                        + spec.remoteName().replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\"}");
    // 0 threads means "all cores": stored as NULL
    statement =
        spec.threads() == 0
            ? statement.bindNull("threads", Integer.class)
            : statement.bind("threads", spec.threads());
    return statement.then();
  }

  public Mono<Void> setPinned(String id, boolean pinned) {
    return db.sql("UPDATE models SET pinned = :pinned, updated_at = now() WHERE id = :id")
        .bind("pinned", pinned)
        .bind("id", id)
        .then();
  }

  public Mono<Void> delete(String id) {
    return db.sql("DELETE FROM models WHERE id = :id").bind("id", id).then();
  }

  /** The models added through the admin API, to register again at start-up. */
  public Flux<ModelSpec> findBySource(Source source) {
    return db.sql(
            "SELECT id, backend, locator, context_size, parallel_slots, threads, tags, pinned,"
                + " settings->>'remoteName' AS remote_name FROM models WHERE source = :source ORDER"
                + " BY id")
        .bind("source", source.column())
        .map(
            row -> {
              BackendKind backend =
                  BackendKind.fromId(Columns.required(row, "backend", String.class));
              String locator = Columns.required(row, "locator", String.class);
              String[] tags = row.get("tags", String[].class);
              Integer threads = row.get("threads", Integer.class);
              return new ModelSpec(
                  Columns.required(row, "id", String.class),
                  backend,
                  backend.isLocal() ? Path.of(locator) : null,
                  backend.isLocal() ? null : URI.create(locator),
                  row.get("remote_name", String.class),
                  Columns.required(row, "context_size", Integer.class),
                  Columns.required(row, "parallel_slots", Integer.class),
                  threads == null ? 0 : threads,
                  tags == null ? Set.of() : Set.of(tags),
                  Boolean.TRUE.equals(row.get("pinned", Boolean.class)));
            })
        .all();
  }

  static String locator(ModelSpec spec) {
    return spec.backend().isLocal()
        ? spec.requireFile().toString()
        : String.valueOf(spec.baseUrl());
  }
}
