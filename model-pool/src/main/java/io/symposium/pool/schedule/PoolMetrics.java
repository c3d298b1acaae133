package io.symposium.pool.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * The pool's meters, named {@code symposium.pool.*} and tagged by model, recorded only by the
 * scheduler.
 */
public final class PoolMetrics {

  private final MeterRegistry registry;
  private final Set<String> gaugedModels = ConcurrentHashMap.newKeySet();
  private final AtomicLong loads = new AtomicLong();
  private final AtomicLong localRequests = new AtomicLong();

  public PoolMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(
            "symposium.pool.loads.saved",
            this,
            m -> Math.max(0, m.localRequests.get() - m.loads.get()))
        .description("model loads avoided versus loading the model once per request")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  void queueDepthGauge(String model, ToIntFunction<String> depth) {
    if (gaugedModels.add(model)) {
      Gauge.builder("symposium.pool.queue.depth", () -> depth.applyAsInt(model))
          .tag("model", model)
          .description("requests waiting for the model")
          .register(registry);
    }
  }

  void loaded(String model, Duration took) {
    loads.incrementAndGet();
    Counter.builder("symposium.pool.loads").tag("model", model).register(registry).increment();
    Timer.builder("symposium.pool.load.seconds")
        .tag("model", model)
        .register(registry)
        .record(took);
  }

  /** A load that ran ahead, while another model computed (it is counted in {@link #loaded} too). */
  void loadedAhead(String model) {
    Counter.builder("symposium.pool.loads.ahead")
        .tag("model", model)
        .description("loads done while another model computed")
        .register(registry)
        .increment();
  }

  void unloaded(String model) {
    Counter.builder("symposium.pool.unloads").tag("model", model).register(registry).increment();
  }

  void completed(String model, boolean local, int tokens, Duration latency) {
    if (local) {
      localRequests.incrementAndGet();
    }
    Counter.builder("symposium.pool.tokens.generated")
        .tag("model", model)
        .register(registry)
        .increment(tokens);
    Timer.builder("symposium.pool.request.seconds")
        .tag("model", model)
        .tag("outcome", "ok")
        .register(registry)
        .record(latency);
    if (tokens > 1 && !latency.isZero()) {
      DistributionSummary.builder("symposium.pool.tokens.per.second")
          .tag("model", model)
          .register(registry)
          .record(tokens / (latency.toNanos() / 1e9));
    }
  }

  void failed(String model, String reason) {
    Counter.builder("symposium.pool.requests.failed")
        .tag("model", model)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  void rejected(String model, String reason) {
    Counter.builder("symposium.pool.requests.rejected")
        .tag("model", model)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public long loads() {
    return loads.get();
  }
}
