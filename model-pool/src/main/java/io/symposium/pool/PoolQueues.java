package io.symposium.pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler's state, for queue introspection.
 *
 * @param serving the local model being served now, if any
 * @param loading the local models being loaded now (the one to serve, and one loaded ahead of its
 *     turn)
 * @param queues per model: requests waiting, requests in flight, the oldest wait
 * @param loadHistory every model load so far, in order
 */
public record PoolQueues(
    @Nullable String serving,
    Set<String> loading,
    Map<String, Queue> queues,
    List<String> loadHistory) {

  public PoolQueues {
    loading = Set.copyOf(loading);
    queues = Map.copyOf(queues);
    loadHistory = List.copyOf(loadHistory);
  }

  /** One model's queue. */
  public record Queue(int waiting, int inFlight, Duration oldestWait) {}
}
