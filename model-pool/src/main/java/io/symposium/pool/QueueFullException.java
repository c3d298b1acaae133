package io.symposium.pool;

import java.time.Duration;

/**
 * A model's queue is at its limit; the request was not accepted. {@link #estimatedWait()} says how
 * long the queued work is expected to take, so that a client knows when a retry can pass.
 */
public final class QueueFullException extends PoolException {

  private final Duration estimatedWait;

  public QueueFullException(String modelId, int limit) {
    this(
        "model '" + modelId + "' already has " + limit + " requests waiting; retry later",
        Duration.ZERO);
  }

  private QueueFullException(String message, Duration estimatedWait) {
    super(message);
    this.estimatedWait = estimatedWait;
  }

  /** The same refusal with the queue's expected wait (queued work × recent latency ÷ slots). */
  public QueueFullException withEstimatedWait(Duration wait) {
    return new QueueFullException(getMessage(), wait);
  }

  /** The queue's expected wait when the request was refused; zero when unknown. */
  public Duration estimatedWait() {
    return estimatedWait;
  }

  @Override
  public boolean retriable() {
    return true;
  }
}
