package io.symposium.profile;

/**
 * A benchmark file that is not the benchmark JSON format; the message names the item and the field.
 */
public final class BenchmarkFormatException extends ProfilerException {

  BenchmarkFormatException(String message) {
    super(message);
  }

  BenchmarkFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
