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
 * Which local models are resident and how much of the two memory budgets they take: host memory and
 * GPU memory, each model's demand counted where its weights and KV cache live. In each memory the
 * sum of resident demands never exceeds the budget: a model is admitted only after enough others
 * are chosen for eviction to make room in both.
 *
 * <p>Eviction policy, least valuable first: only models that are not pinned and have no work in
 * flight (or loading) can go; among them, those with no queued work before those with some, then
 * the one idle longest, then the larger one (it frees more). A candidate that frees nothing of the
 * memory still short is skipped: a CPU model is never unloaded to make room on the GPU.
 */
public final class ResidencyLedger {

  private final MemoryDemand budget;
  private final InstantSource clock;
  private final Map<String, MemoryDemand> resident = new HashMap<>();
  private final Map<String, Instant> lastUsed = new HashMap<>();
  private final Set<String> pinned = new HashSet<>();

  /** A ledger for a machine without a GPU (or none the pool may use). */
  public ResidencyLedger(long hostBudgetBytes, InstantSource clock) {
    this(hostBudgetBytes, 0, clock);
  }

  /**
   * @param hostBudgetBytes the most host memory resident models may take, > 0
   * @param gpuBudgetBytes the most GPU memory they may take, 0 when the pool offloads nothing
   */
  public ResidencyLedger(long hostBudgetBytes, long gpuBudgetBytes, InstantSource clock) {
    if (hostBudgetBytes <= 0) {
      throw new IllegalArgumentException(
          "the memory budget must be > 0 bytes, got " + hostBudgetBytes);
    }
    if (gpuBudgetBytes < 0) {
      throw new IllegalArgumentException(
          "the GPU memory budget must be >= 0 bytes, got " + gpuBudgetBytes);
    }
    this.budget = new MemoryDemand(hostBudgetBytes, gpuBudgetBytes);
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

  /** The host-memory budget. */
  public long budgetBytes() {
    return budget.hostBytes();
  }

  public long gpuBudgetBytes() {
    return budget.gpuBytes();
  }

  public synchronized boolean isResident(String id) {
    return resident.containsKey(id);
  }

  /** Host memory the resident models take. */
  public synchronized long usedBytes() {
    return used().hostBytes();
  }

  /** GPU memory the resident models take. */
  public synchronized long gpuUsedBytes() {
    return used().gpuBytes();
  }

  public synchronized Map<String, MemoryDemand> residents() {
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
   * Decides how {@code id}, with this demand, can become resident.
   *
   * @param busy models with work in flight or loading now (never evicted)
   * @param queued requests waiting per model (models with work are evicted last)
   */
  public synchronized Admission admit(
      String id, MemoryDemand demand, Predicate<String> busy, ToIntFunction<String> queued) {
    if (resident.containsKey(id)) {
      return new Admission.Evict(List.of());
    }
    MemoryDemand pinnedUse =
        sum(resident.entrySet().stream().filter(e -> pinned.contains(e.getKey())).toList());
    if (demand.hostBytes() > budget.hostBytes() - pinnedUse.hostBytes()) {
      return new Admission.Never(
          "model '%s' needs %s of host memory but the memory budget is %s%s; raise symposium.pool.memory-budget, offload more layers or use a smaller context"
              .formatted(
                  id,
                  mib(demand.hostBytes()),
                  mib(budget.hostBytes()),
                  pinnedUse.hostBytes() > 0
                      ? " with " + mib(pinnedUse.hostBytes()) + " pinned"
                      : ""));
    }
    if (demand.gpuBytes() > budget.gpuBytes() - pinnedUse.gpuBytes()) {
      return new Admission.Never(
          "model '%s' needs %s of GPU memory but the GPU memory budget is %s%s; raise symposium.pool.gpu-memory-budget, offload fewer layers or use a smaller context"
              .formatted(
                  id,
                  mib(demand.gpuBytes()),
                  mib(budget.gpuBytes()),
                  pinnedUse.gpuBytes() > 0
                      ? " with " + mib(pinnedUse.gpuBytes()) + " pinned"
                      : ""));
    }
    MemoryDemand use = used();
    long freeHost = budget.hostBytes() - use.hostBytes();
    long freeGpu = budget.gpuBytes() - use.gpuBytes();
    if (demand.hostBytes() <= freeHost && demand.gpuBytes() <= freeGpu) {
      return new Admission.Evict(List.of());
    }
    List<String> candidates =
        new ArrayList<>(
            resident.keySet().stream().filter(m -> !pinned.contains(m) && !busy.test(m)).toList());
    candidates.sort(
        Comparator.<String>comparingInt(m -> queued.applyAsInt(m) > 0 ? 1 : 0)
            .thenComparing(m -> lastUsed.getOrDefault(m, Instant.MIN))
            .thenComparing(
                Comparator.<String>comparingLong(
                        m -> bytesOf(m).hostBytes() + bytesOf(m).gpuBytes())
                    .reversed()));
    List<String> victims = new ArrayList<>();
    for (String victim : candidates) {
      boolean hostShort = demand.hostBytes() > freeHost;
      boolean gpuShort = demand.gpuBytes() > freeGpu;
      if (!hostShort && !gpuShort) {
        break;
      }
      MemoryDemand frees = bytesOf(victim);
      if ((hostShort && frees.hostBytes() > 0) || (gpuShort && frees.gpuBytes() > 0)) {
        victims.add(victim);
        freeHost += frees.hostBytes();
        freeGpu += frees.gpuBytes();
      }
    }
    if (demand.hostBytes() > freeHost || demand.gpuBytes() > freeGpu) {
      return new Admission.Wait(
          "model '%s' needs %s; %s are free even after evicting every idle model"
              .formatted(
                  id, demand, new MemoryDemand(Math.max(0, freeHost), Math.max(0, freeGpu))));
    }
    return new Admission.Evict(victims);
  }

  public synchronized void loaded(String id, MemoryDemand demand) {
    MemoryDemand use = used();
    if (use.hostBytes() + demand.hostBytes() > budget.hostBytes()
        || use.gpuBytes() + demand.gpuBytes() > budget.gpuBytes()) {
      throw new IllegalStateException(
          "recording %s (%s) as resident would exceed the budgets: %s used of %s, %s of GPU memory used of %s"
              .formatted(
                  id,
                  demand,
                  mib(use.hostBytes()),
                  mib(budget.hostBytes()),
                  mib(use.gpuBytes()),
                  mib(budget.gpuBytes())));
    }
    resident.put(id, demand);
    lastUsed.put(id, clock.instant());
  }

  public synchronized void unloaded(String id) {
    resident.remove(id);
  }

  public synchronized void used(String id) {
    lastUsed.put(id, clock.instant());
  }

  private MemoryDemand bytesOf(String id) {
    return resident.getOrDefault(id, MemoryDemand.none());
  }

  private MemoryDemand used() {
    return sum(List.copyOf(resident.entrySet()));
  }

  private static MemoryDemand sum(List<Map.Entry<String, MemoryDemand>> entries) {
    long host = 0;
    long gpu = 0;
    for (Map.Entry<String, MemoryDemand> e : entries) {
      host += e.getValue().hostBytes();
      gpu += e.getValue().gpuBytes();
    }
    return new MemoryDemand(host, gpu);
  }

  static String mib(long bytes) {
    return "%.1f MiB".formatted(bytes / 1048576.0);
  }
}
