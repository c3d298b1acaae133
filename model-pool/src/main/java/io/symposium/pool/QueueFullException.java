package io.symposium.pool;

/** A model's queue is at its limit; the request was not accepted. */
public final class QueueFullException extends PoolException {
  public QueueFullException(String modelId, int limit) {
    super("model '" + modelId + "' already has " + limit + " requests waiting; retry later");
  }

  @Override
  public boolean retriable() {
    return true;
  }
}
