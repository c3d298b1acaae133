package io.symposium.pool;

import java.time.Duration;
import java.time.Instant;
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
 * @param loads the same loads with when each started and how long it took (the admin UI's timeline)
 * @param instances per sparse-MoE model, the instances its requests asked for, one per
 *     active-expert count (a dense model has none here: its queue is its one instance)
 */
public record PoolQueues(
    @Nullable String serving,
    Set<String> loading,
    Map<String, Queue> queues,
    List<String> loadHistory,
    List<Load> loads,
    Map<String, List<Instance>> instances) {

  public PoolQueues {
    loading = Set.copyOf(loading);
    queues = Map.copyOf(queues);
    loadHistory = List.copyOf(loadHistory);
    loads = List.copyOf(loads);
    instances = Map.copyOf(instances);
  }

  /**
   * One finished model load.
   *
   * @param model the model loaded
   * @param startedAt when the load began (in the pool's clock)
   * @param millis how long it took
   * @param ahead whether it was loaded ahead of its turn, while another model computed
   */
  public record Load(String model, Instant startedAt, long millis, boolean ahead) {}

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
