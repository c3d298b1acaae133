package io.symposium.pool.residency;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Which local models are resident and how much of the memory budget they take. The sum of resident
 * footprints never exceeds the budget: a model is admitted only after enough others are chosen for
 * eviction.
 *
 * <p>Eviction policy, least valuable first: only models that are not pinned and have no work in
 * flight (or loading) can go; among them, those with no queued work before those with some, then
 * the one idle longest, then the larger one (it frees more).
 */
public final class ResidencyLedger {

  private final long budgetBytes;
  private final InstantSource clock;
  private final Map<String, Long> resident = new HashMap<>();
  private final Map<String, Instant> lastUsed = new HashMap<>();
  private final Set<String> pinned = new HashSet<>();

  public ResidencyLedger(long budgetBytes, InstantSource clock) {
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("the memory budget must be > 0 bytes, got " + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
    this.clock = clock;
  }

  /** The decision for one model that wants to become resident. */
  public sealed interface Admission {
    /** It fits once these models are unloaded (possibly none). */
    record Evict(List<String> victims) implements Admission {
      public Evict {
        victims = List.copyOf(victims);
      }
    }

    /**
     * It would fit, but the models that must go are busy or pinned now: ask again when work
     * finishes.
     */
    record Wait(String reason) implements Admission {}

    /** It can never fit: larger than the budget left beside the pinned models. */
    record Never(String reason) implements Admission {}
  }

  public long budgetBytes() {
    return budgetBytes;
  }

  public synchronized boolean isResident(String id) {
    return resident.containsKey(id);
  }

  public synchronized long usedBytes() {
    return resident.values().stream().mapToLong(Long::longValue).sum();
  }

  public synchronized Map<String, Long> residents() {
    return Map.copyOf(resident);
  }

  public synchronized void pin(String id, boolean pin) {
    if (pin) {
      pinned.add(id);
    } else {
      pinned.remove(id);
    }
  }

  public synchronized boolean isPinned(String id) {
    return pinned.contains(id);
  }

  /**
   * Decides how {@code id}, with this footprint, can become resident.
   *
   * @param busy models with work in flight or loading now (never evicted)
   * @param queued requests waiting per model (models with work are evicted last)
   */
  public synchronized Admission admit(
      String id, long footprint, Predicate<String> busy, ToIntFunction<String> queued) {
    if (resident.containsKey(id)) {
      return new Admission.Evict(List.of());
    }
    long pinnedBytes =
        resident.entrySet().stream()
            .filter(e -> pinned.contains(e.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    if (footprint > budgetBytes - pinnedBytes) {
      return new Admission.Never(
          "model '%s' needs %s but the memory budget is %s%s; raise symposium.pool.memory-budget or use a smaller context"
              .formatted(
                  id,
                  mib(footprint),
                  mib(budgetBytes),
                  pinnedBytes > 0 ? " with " + mib(pinnedBytes) + " pinned" : ""));
    }
    long free = budgetBytes - usedBytes();
    if (footprint <= free) {
      return new Admission.Evict(List.of());
    }
    List<String> candidates =
        new ArrayList<>(
            resident.keySet().stream().filter(m -> !pinned.contains(m) && !busy.test(m)).toList());
    candidates.sort(
        Comparator.<String>comparingInt(m -> queued.applyAsInt(m) > 0 ? 1 : 0)
            .thenComparing(m -> lastUsed.getOrDefault(m, Instant.MIN))
            .thenComparing(Comparator.<String>comparingLong(resident::get).reversed()));
    List<String> victims = new ArrayList<>();
    for (String victim : candidates) {
      if (footprint <= free) {
        break;
      }
      victims.add(victim);
      free += resident.getOrDefault(victim, 0L);
    }
    if (footprint > free) {
      return new Admission.Wait(
          "model '%s' needs %s; %s are free even after evicting every idle model"
              .formatted(id, mib(footprint), mib(free)));
    }
    return new Admission.Evict(victims);
  }

  public synchronized void loaded(String id, long footprint) {
    if (usedBytes() + footprint > budgetBytes) {
      throw new IllegalStateException(
          "recording %s as resident would exceed the budget: %s used of %s"
              .formatted(id, mib(usedBytes()), mib(budgetBytes)));
    }
    resident.put(id, footprint);
    lastUsed.put(id, clock.instant());
  }

  public synchronized void unloaded(String id) {
    resident.remove(id);
  }

  public synchronized void used(String id) {
    lastUsed.put(id, clock.instant());
  }

  static String mib(long bytes) {
    return "%.1f MiB".formatted(bytes / 1048576.0);
  }
}
