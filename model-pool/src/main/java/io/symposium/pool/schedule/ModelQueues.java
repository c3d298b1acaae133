package io.symposium.pool.schedule;

import io.symposium.pool.PoolException;
import io.symposium.pool.PoolQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler's per-model queues of waiting jobs and its counts of jobs in flight. Not
 * thread-safe: {@link BatchScheduler}'s lock guards it, together with the residency ledger, so
 * every method is called with that lock held.
 */
final class ModelQueues {

  private final Map<String, Deque<Job<?>>> queues = new HashMap<>();
  private final Map<String, Integer> inFlight = new HashMap<>();

  /**
   * Whether the model's queue holds {@code limit} jobs already; creates the queue if it has none.
   */
  boolean isFull(String model, int limit) {
    return queueOf(model).size() >= limit;
  }

  void addLast(Job<?> job) {
    queueOf(job.model()).addLast(job);
  }

  /** Puts a job back at the head of its queue (a retry goes before newer work). */
  void addFirst(Job<?> job) {
    queueOf(job.model()).addFirst(job);
  }

  /** The model's next job, or null when none waits. */
  @Nullable Job<?> pollFirst(String model) {
    Deque<Job<?>> queue = queues.get(model);
    return queue == null ? null : queue.pollFirst();
  }

  /** Jobs waiting for {@code model} (not yet sent to its backend). */
  int waiting(String model) {
    Deque<Job<?>> queue = queues.get(model);
    return queue == null ? 0 : queue.size();
  }

  int inFlight(String model) {
    return inFlight.getOrDefault(model, 0);
  }

  void started(String model) {
    inFlight.merge(model, 1, Integer::sum);
  }

  void ended(String model) {
    inFlight.merge(model, -1, Integer::sum);
  }

  /**
   * The models that have a queue, as a live view: dispatching may complete a job at once and its
   * caller may enqueue again on this thread, as it could before these queues had a class.
   */
  Set<String> models() {
    return queues.keySet();
  }

  /** Per model with a queue or work in flight: waiting, in flight, and the oldest wait. */
  Map<String, PoolQueues.Queue> states(Instant now) {
    Map<String, PoolQueues.Queue> out = new HashMap<>();
    Set<String> ids = new HashSet<>(queues.keySet());
    ids.addAll(inFlight.keySet());
    for (String id : ids) {
      Deque<Job<?>> q = queues.getOrDefault(id, new ArrayDeque<>());
      Duration oldest =
          q.isEmpty() ? Duration.ZERO : Duration.between(q.peekFirst().enqueued(), now);
      out.put(id, new PoolQueues.Queue(q.size(), inFlight.getOrDefault(id, 0), oldest));
    }
    return out;
  }

  /** What the policy sees of every local model's queue that has work waiting. */
  List<QueueView> views(Predicate<String> local, Predicate<String> resident) {
    List<QueueView> views = new ArrayList<>();
    for (var entry : queues.entrySet()) {
      Job<?> head = entry.getValue().peekFirst();
      if (head != null && local.test(entry.getKey())) {
        views.add(
            new QueueView(
                entry.getKey(),
                entry.getValue().size(),
                head.enqueued(),
                resident.test(entry.getKey())));
      }
    }
    return views;
  }

  /** Drops a removed model: its waiting jobs fail, and its in-flight count is forgotten. */
  void forget(String model, PoolException failure) {
    fail(model, failure);
    inFlight.remove(model);
  }

  /** Removes the model's queue and fails every job in it. */
  void fail(String model, PoolException failure) {
    Deque<Job<?>> queue = queues.remove(model);
    if (queue != null) {
      queue.forEach(job -> job.outcome().completeExceptionally(failure));
    }
  }

  void failAll(PoolException failure) {
    new ArrayList<>(queues.keySet()).forEach(m -> fail(m, failure));
  }

  private Deque<Job<?>> queueOf(String model) {
    return queues.computeIfAbsent(model, m -> new ArrayDeque<>());
  }
}
