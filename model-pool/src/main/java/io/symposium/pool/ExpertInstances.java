package io.symposium.pool;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The requests of each sparse-MoE model per active-expert count, for the queue view: the pool
 * serves each count from its own instance, so one model's queue hides which instances are busy.
 */
final class ExpertInstances {

  private record Counts(AtomicInteger inFlight, AtomicLong answered, AtomicLong failed) {
    Counts() {
      this(new AtomicInteger(), new AtomicLong(), new AtomicLong());
    }
  }

  /** The file's experts per token, per sparse-MoE model. */
  private final Map<String, Integer> fileCounts = new ConcurrentHashMap<>();

  private final Map<String, Map<Integer, Counts>> counts = new ConcurrentHashMap<>();

  void register(String model, int expertsPerToken) {
    fileCounts.put(model, expertsPerToken);
  }

  void forget(String model) {
    fileCounts.remove(model);
    counts.remove(model);
  }

  /** Counts {@code outcome} against the instance that serves {@code activeExperts}. */
  void track(String model, @Nullable Integer activeExperts, CompletableFuture<?> outcome) {
    Integer fileCount = fileCounts.get(model);
    if (fileCount == null) {
      return; // a dense or remote model has one instance: its queue says it all
    }
    int experts = activeExperts != null ? activeExperts : fileCount;
    Counts c =
        counts
            .computeIfAbsent(model, m -> new ConcurrentHashMap<>())
            .computeIfAbsent(experts, k -> new Counts());
    c.inFlight().incrementAndGet();
    outcome.whenComplete(
        (v, e) -> {
          c.inFlight().decrementAndGet();
          (e == null ? c.answered() : c.failed()).incrementAndGet();
        });
  }

  /** Every sparse-MoE model's instances that have been asked for, fewest active experts first. */
  Map<String, List<PoolQueues.Instance>> snapshot() {
    Map<String, List<PoolQueues.Instance>> out = new TreeMap<>();
    counts.forEach(
        (model, byCount) -> {
          int fileCount = fileCounts.getOrDefault(model, 0);
          out.put(
              model,
              new TreeMap<>(byCount)
                  .entrySet().stream()
                      .map(
                          e ->
                              new PoolQueues.Instance(
                                  PoolQueues.Instance.idOf(model, e.getKey(), fileCount),
                                  e.getKey(),
                                  e.getValue().inFlight().get(),
                                  e.getValue().answered().get(),
                                  e.getValue().failed().get()))
                      .toList());
        });
    return out;
  }
}
