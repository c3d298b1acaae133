package io.symposium.pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler's state, for queue introspection.
 *
 * @param serving the local model being served now, if any
 * @param queues per model: requests waiting, requests in flight, the oldest wait
 * @param loadHistory every model load so far, in order
 */
public record PoolQueues(@Nullable String serving, Map<String, Queue> queues, List<String> loadHistory) {

  public PoolQueues {
    queues = Map.copyOf(queues);
    loadHistory = List.copyOf(loadHistory);
  }

  /** One model's queue. */
  public record Queue(int waiting, int inFlight, Duration oldestWait) {}
}
