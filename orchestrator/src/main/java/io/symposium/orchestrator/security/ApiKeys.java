package io.symposium.orchestrator.security;

import io.symposium.orchestrator.config.SecurityProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The query API's keys: those configured ({@code symposium.security.api-keys}) and those created
 * through the admin API, which are stored as SHA-256 hashes and shown once. With none of either,
 * the query API is open (any key or none is accepted, as before keys existed).
 */
@Component
public class ApiKeys {

  /** Every generated key starts with this, so that a leaked one is recognisable in a scan. */
  static final String KEY_PREFIX = "sym-";

  /** How long a count of the stored keys is trusted (another instance may create the first). */
  private static final Duration COUNT_TTL = Duration.ofSeconds(5);

  /** A key just created: the key itself appears here and nowhere else, ever. */
  public record CreatedKey(ApiKeyRepository.StoredKey stored, String key) {}

  private record Count(long active, long atNanos) {}

  private final ApiKeyRepository repository;
  private final List<byte[]> configured;
  private final SecureRandom random = new SecureRandom();
  private final AtomicReference<@Nullable Count> count = new AtomicReference<>();

  public ApiKeys(ApiKeyRepository repository, SecurityProperties properties) {
    this.repository = repository;
    this.configured = properties.apiKeys().stream().map(ApiKeys::hash).toList();
  }

  /** A new key of 256 random bits, stored hashed under {@code name}. */
  public Mono<CreatedKey> create(String name) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return repository
        .insert(name, key.substring(0, KEY_PREFIX.length() + 8), hash(key))
        .map(stored -> new CreatedKey(stored, key))
        .doOnSuccess(created -> count.set(null));
  }

  public Flux<ApiKeyRepository.StoredKey> list() {
    return repository.list();
  }

  /** Revokes a stored key; false when there is none with this id. */
  public Mono<Boolean> revoke(long id) {
    return repository.revoke(id).doOnSuccess(revoked -> count.set(null));
  }

  /**
   * Whether a request presenting {@code key} (or none) may use the query API: a configured or an
   * active stored key, or anything while no key exists at all.
   */
  public Mono<Boolean> admits(@Nullable String key) {
    if (key == null) {
      return enforced().map(enforced -> !enforced);
    }
    byte[] hash = hash(key);
    // compared hash to hash in constant time: the configured keys never leak through timing
    boolean configuredMatch = false;
    for (byte[] candidate : configured) {
      configuredMatch |= MessageDigest.isEqual(candidate, hash);
    }
    if (configuredMatch) {
      return Mono.just(true);
    }
    return repository
        .use(hash)
        .map(id -> true)
        .switchIfEmpty(Mono.defer(() -> enforced().map(enforced -> !enforced)));
  }

  /** Whether any key is configured or stored (the stored count cached for a few seconds). */
  Mono<Boolean> enforced() {
    if (!configured.isEmpty()) {
      return Mono.just(true);
    }
    Count known = count.get();
    if (known != null && System.nanoTime() - known.atNanos() < COUNT_TTL.toNanos()) {
      return Mono.just(known.active() > 0);
    }
    return repository
        .countActive()
        .doOnNext(n -> count.set(new Count(n, System.nanoTime())))
        .map(n -> n > 0);
  }

  /**
   * SHA-256: a key carries 256 random bits, so no dictionary or brute force gets anywhere and a
   * salt or a slow password hash would add nothing but a cost on every request.
   */
  static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
