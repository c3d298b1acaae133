package io.symposium.pool.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Chooses which local model the scheduler serves next — the heart of batch-by-model inference
 * (Symbolic-MoE's batching, made online): keep draining the model that is loaded, because every
 * switch costs a load, but never let a request wait longer than {@code maxWait} for that.
 *
 * <ol>
 *   <li>Another model's queue whose oldest request has waited at least {@code maxWait}, and arrived
 *       more than {@link #SAME_ARRIVAL} before the oldest request of the current model, is
 *       starving: the most starved one is served next. A request therefore waits at most {@code
 *       maxWait} plus the work that arrived before it (or together with it, within {@code
 *       SAME_ARRIVAL}).
 *   <li>Otherwise the current model keeps the machine while it has work.
 *   <li>Otherwise a resident model with work (no load needed), the deepest first.
 *   <li>Otherwise the queue whose oldest request has waited longest.
 * </ol>
 *
 * A pure function of its inputs, so the starvation bound is tested with injected time.
 */
public final class SchedulingPolicy {

  /**
   * Requests that arrive this close together count as one arrival. A burst submitted in one go
   * reaches the queues a few microseconds apart; without this, once the burst has waited {@code
   * maxWait}, every queue whose first request came in a microsecond earlier would preempt the model
   * being drained, and each preempted model would have to be loaded again, which helps no request.
   */
  static final Duration SAME_ARRIVAL = Duration.ofMillis(250);

  private final Duration maxWait;

  public SchedulingPolicy(Duration maxWait) {
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("max wait must be positive, got " + maxWait);
    }
    this.maxWait = maxWait;
  }

  public Duration maxWait() {
    return maxWait;
  }

  /** The model to serve next, or empty when no queue has work. */
  public Optional<String> next(List<QueueView> queues, @Nullable String current, Instant now) {
    Comparator<QueueView> oldestFirst = Comparator.comparing(QueueView::oldestEnqueued);
    Optional<Instant> currentOldest =
        queues.stream()
            .filter(q -> q.modelId().equals(current))
            .map(QueueView::oldestEnqueued)
            .findFirst();
    Optional<QueueView> starving =
        queues.stream()
            .filter(q -> !q.modelId().equals(current))
            .filter(q -> !Duration.between(q.oldestEnqueued(), now).minus(maxWait).isNegative())
            // work that is older still on the current model goes first: it cannot be overtaken by
            // later arrivals,
            // so the wait stays bounded, and a burst that arrived at once is drained model by
            // model, not thrashed
            .filter(
                q ->
                    currentOldest.isEmpty()
                        || q.oldestEnqueued().plus(SAME_ARRIVAL).isBefore(currentOldest.get()))
            .min(oldestFirst);
    if (starving.isPresent()) {
      return starving.map(QueueView::modelId);
    }
    if (current != null && queues.stream().anyMatch(q -> q.modelId().equals(current))) {
      return Optional.of(current);
    }
    Optional<QueueView> resident =
        queues.stream()
            .filter(QueueView::resident)
            .max(Comparator.comparingInt(QueueView::depth).thenComparing(oldestFirst.reversed()));
    if (resident.isPresent()) {
      return resident.map(QueueView::modelId);
    }
    return queues.stream()
        .min(oldestFirst.thenComparing(Comparator.comparingInt(QueueView::depth).reversed()))
        .map(QueueView::modelId);
  }

  /**
   * The model to prefetch while {@code serving} computes: the one {@link #next} would pick without
   * it.
   */
  public Optional<String> prefetch(List<QueueView> queues, String serving, Instant now) {
    return next(queues.stream().filter(q -> !q.modelId().equals(serving)).toList(), null, now);
  }

  /**
   * When the oldest of these requests starts starving, the moment the scheduler must look again.
   */
  public Optional<Instant> nextDeadline(List<QueueView> queues) {
    return queues.stream()
        .map(QueueView::oldestEnqueued)
        .min(Comparator.naturalOrder())
        .map(t -> t.plus(maxWait));
  }
}
