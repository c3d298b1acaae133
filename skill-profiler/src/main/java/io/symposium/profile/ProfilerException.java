package io.symposium.profile;

/**
 * The skill profiler's failures: each says what was wrong and what to do, and whether trying again
 * later can succeed ({@link #retriable()}).
 */
public abstract sealed class ProfilerException extends RuntimeException
    permits BenchmarkFormatException, ProfileFormatException, ProfilingFailedException {

  ProfilerException(String message) {
    super(message);
  }

  ProfilerException(String message, Throwable cause) {
    super(message, cause);
  }

  public abstract boolean retriable();
}
