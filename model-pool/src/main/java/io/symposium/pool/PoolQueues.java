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
 * @param instances per sparse-MoE model, the instances its requests asked for, one per
 *     active-expert count (a dense model has none here: its queue is its one instance)
 */
public record PoolQueues(
    @Nullable String serving,
    Set<String> loading,
    Map<String, Queue> queues,
    List<String> loadHistory,
    Map<String, List<Instance>> instances) {

  public PoolQueues {
    loading = Set.copyOf(loading);
    queues = Map.copyOf(queues);
    loadHistory = List.copyOf(loadHistory);
    instances = Map.copyOf(instances);
  }

  /** One model's queue. */
  public record Queue(int waiting, int inFlight, Duration oldestWait) {}

  /**
   * One instance of a sparse-MoE model.
   *
   * @param id the instance's id: the model's own for its file's expert count, else {@code
   *     <model>.k<activeExperts>}
   * @param activeExperts the experts each token uses
   * @param inFlight its requests queued or running
   * @param answered its requests answered so far
   * @param failed its requests that failed so far
   */
  public record Instance(String id, int activeExperts, int inFlight, long answered, long failed) {

    /**
     * The id of {@code model}'s instance with {@code activeExperts}, its file having {@code
     * fileCount}.
     */
    public static String idOf(String model, int activeExperts, int fileCount) {
      return activeExperts == fileCount ? model : model + ".k" + activeExperts;
    }
  }
}
