package io.symposium.orchestrator.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.PoolQueues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What the admin UI shows of a model beyond its status: its file's size, its sparse-MoE facts, and
 * what the pool's meters counted (loads and their times, tokens per second, worker restarts).
 */
@Component
public class ModelFacts {

  private final ModelPool pool;
  private final MeterRegistry meters;

  public ModelFacts(ModelPool pool, MeterRegistry meters) {
    this.pool = pool;
    this.meters = meters;
  }

  /**
   * A sparse-MoE model's experts.
   *
   * @param experts experts per layer
   * @param activeExperts experts per token as its file sets them
   * @param instances the instances asked for so far, one per active-expert count
   */
  public record Moe(int experts, int activeExperts, List<PoolQueues.Instance> instances) {}

  /**
   * The pool's counts for one model since the service started.
   *
   * @param loads how often it was loaded
   * @param loadMillisMean the mean load time, null before the first load
   * @param loadMillisMax the longest load, null before the first load
   * @param tokensGenerated tokens it generated
   * @param tokensPerSecond the mean generation speed of its answers, null before the first
   * @param workerRestarts restarts of its backend's worker processes (one count per backend)
   */
  public record Stats(
      long loads,
      @Nullable Double loadMillisMean,
      @Nullable Double loadMillisMax,
      long tokensGenerated,
      @Nullable Double tokensPerSecond,
      long workerRestarts) {}

  /**
   * The whole pool's counts.
   *
   * @param memoryBudgetBytes the most memory resident local models may take together
   * @param loads model loads since the service started
   * @param loadsSaved local requests answered minus loads: what loading per request would have cost
   *     more
   */
  public record PoolStats(long memoryBudgetBytes, long loads, long loadsSaved) {}

  public PoolStats pool() {
    Gauge saved = meters.find("symposium.pool.loads.saved").gauge();
    return new PoolStats(
        pool.memoryBudgetBytes(), pool.loads(), saved == null ? 0 : (long) saved.value());
  }

  /** The size of the model's GGUF file; null for a remote model or an unreadable file. */
  public @Nullable Long fileBytes(ModelSpec spec) {
    Path file = spec.file();
    if (file == null) {
      return null;
    }
    try {
      return Files.size(file);
    } catch (IOException e) {
      return null;
    }
  }

  public @Nullable Moe moe(String model) {
    Integer experts = pool.expertCount(model).orElse(null);
    if (experts == null) {
      return null;
    }
    return new Moe(
        experts,
        pool.activeExpertCount(model).orElse(experts),
        pool.queues().instances().getOrDefault(model, List.of()));
  }

  public Stats stats(ModelSpec spec) {
    String model = spec.id();
    // every load with its time is in the pool's history; the meters have the rest
    var loadMillis =
        pool.queues().loads().stream()
            .filter(l -> l.model().equals(model))
            .mapToLong(PoolQueues.Load::millis)
            .summaryStatistics();
    Counter tokens = meters.find("symposium.pool.tokens.generated").tag("model", model).counter();
    DistributionSummary speed =
        meters.find("symposium.pool.tokens.per.second").tag("model", model).summary();
    FunctionCounter restarts =
        meters
            .find("symposium.pool.worker.restarts")
            .tag("backend", spec.backend().id())
            .functionCounter();
    boolean loaded = loadMillis.getCount() > 0;
    return new Stats(
        loadMillis.getCount(),
        loaded ? loadMillis.getAverage() : null,
        loaded ? (double) loadMillis.getMax() : null,
        tokens == null ? 0 : (long) tokens.count(),
        speed == null || speed.count() == 0 ? null : speed.mean(),
        restarts == null ? 0 : (long) restarts.count());
  }
}
