package io.symposium.pool.schedule;

import java.time.Instant;

/**
 * What the scheduling policy sees of one local model's queue.
 *
 * @param modelId the model
 * @param depth requests waiting (not yet sent to the backend)
 * @param oldestEnqueued when the oldest waiting request arrived
 * @param resident whether the model is loaded now
 */
public record QueueView(String modelId, int depth, Instant oldestEnqueued, boolean resident) {
  public QueueView {
    if (depth < 1) {
      throw new IllegalArgumentException(
          "a queue view is only made for a queue with work, depth " + depth);
    }
  }
}
