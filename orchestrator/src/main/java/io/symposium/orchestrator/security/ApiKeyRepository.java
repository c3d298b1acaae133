package io.symposium.orchestrator.security;

import io.symposium.orchestrator.database.Columns;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes the {@code api_keys} table (V5): names, prefixes and SHA-256 hashes only. */
@Repository
public class ApiKeyRepository {

  /** A stored key as the admin API lists it: never the key or its hash. */
  public record StoredKey(
      long id,
      String name,
      String prefix,
      Instant createdAt,
      @Nullable Instant lastUsedAt,
      @Nullable Instant revokedAt) {}

  private final DatabaseClient db;

  public ApiKeyRepository(DatabaseClient db) {
    this.db = db;
  }

  Mono<StoredKey> insert(String name, String prefix, byte[] hash) {
    return db.sql(
            "INSERT INTO api_keys (name, prefix, key_hash) VALUES (:name, :prefix, :hash)"
                + " RETURNING id, name, prefix, created_at, last_used_at, revoked_at")
        .bind("name", name)
        .bind("prefix", prefix)
        .bind("hash", hash)
        .map(ApiKeyRepository::row)
        .one();
  }

  Flux<StoredKey> list() {
    return db.sql(
            "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys ORDER BY"
                + " id")
        .map(ApiKeyRepository::row)
        .all();
  }

  /** Revokes a key once; false when there is no such key. */
  Mono<Boolean> revoke(long id) {
    return db.sql("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = :id")
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  /** The id of the active key with this hash, marking it used; empty when none matches. */
  Mono<Long> use(byte[] hash) {
    return db.sql(
            "UPDATE api_keys SET last_used_at = now() WHERE key_hash = :hash AND revoked_at IS"
                + " NULL RETURNING id")
        .bind("hash", hash)
        .map(row -> Columns.required(row, "id", Long.class))
        .one();
  }

  /** How many keys are active. */
  Mono<Long> countActive() {
    return db.sql("SELECT count(*) AS n FROM api_keys WHERE revoked_at IS NULL")
        .map(row -> Columns.required(row, "n", Long.class))
        .one();
  }

  private static StoredKey row(io.r2dbc.spi.Readable row) {
    return new StoredKey(
        Columns.required(row, "id", Long.class),
        Columns.required(row, "name", String.class),
        Columns.required(row, "prefix", String.class),
        Columns.required(row, "created_at", OffsetDateTime.class).toInstant(),
        instant(row.get("last_used_at", OffsetDateTime.class)),
        instant(row.get("revoked_at", OffsetDateTime.class)));
  }

  private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
