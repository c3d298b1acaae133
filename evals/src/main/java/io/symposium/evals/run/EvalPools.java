package io.symposium.evals.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.pool.BackendKind;
import io.symposium.pool.Footprint;
import io.symposium.pool.LocalEngineOptions;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.gguf.GgufInspector;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pools over the zoo with one llama.cpp worker process each. A run's pool holds one model at a
 * time, so a model switch is a real load: the phased plan shows it loads each model once, the naive
 * plan shows what per-query loading costs.
 */
public final class EvalPools {
  /** Sequences decoded together per model (as ZooAccuracy measures the zoo). */
  static final int PARALLEL = 16;

  private final ZooCatalog zoo;
  private final int threads;

  public EvalPools(ZooCatalog zoo, int threads) {
    this.zoo = zoo;
    this.threads = threads;
  }

  /** A pool that keeps every model resident (profiling: its loads are not the run's). */
  public ModelPool roomy() {
    return create(8L << 30);
  }

  /** A pool whose memory budget holds the largest zoo model and no second one. */
  public ModelPool oneModelAtATime() {
    return create(largestFootprint());
  }

  long largestFootprint() {
    return zoo.models().stream()
        .mapToLong(
            m -> Footprint.of(GgufInspector.inspect(m.gguf()), m.contextLength(), PARALLEL).total())
        .max()
        .orElseThrow();
  }

  private ModelPool create(long budget) {
    ModelPool pool =
        ModelPool.create(
            new ModelPool.Config(
                budget,
                Duration.ofMinutes(2),
                1_000_000,
                Duration.ofMinutes(10),
                1,
                Duration.ofSeconds(1),
                List.of(zoo.directory())),
            Map.of(BackendKind.LLAMA_CPP, ModelBackends.llamaCpp(LocalEngineOptions.defaults())),
            InstantSource.system(),
            new SimpleMeterRegistry());
    for (ZooCatalog.Model m : zoo.models())
      pool.register(
          ModelSpec.llamaCpp(m.name(), m.gguf())
              .withContextSize(m.contextLength())
              .withParallelSlots(PARALLEL)
              .withThreads(threads)
              .withTags(
                  Set.of("zoo", "role:" + m.role().name().toLowerCase(java.util.Locale.ROOT))));
    return pool;
  }
}
