package io.symposium.profile;

import io.symposium.pool.PoolException;

/**
 * A profiling run or aggregator benchmark that could not finish because a generation failed. It is
 * retriable when the pool said the failure was (a worker restart, a full queue).
 */
public final class ProfilingFailedException extends ProfilerException {

  private final boolean retriable;

  ProfilingFailedException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
    this.retriable = cause instanceof PoolException pool && pool.retriable();
  }

  @Override
  public boolean retriable() {
    return retriable;
  }
}
