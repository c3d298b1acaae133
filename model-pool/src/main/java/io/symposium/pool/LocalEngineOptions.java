package io.symposium.pool;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How the llama.cpp backend runs its worker process.
 *
 * @param requestTimeout longest wait for one answer from the worker (a load, a completion, the
 *     start of a stream)
 * @param library a llama.cpp shared library with the same API (a CUDA, Metal or Vulkan build), or
 *     null for the CPU build inside the jar
 */
public record LocalEngineOptions(Duration requestTimeout, @Nullable Path library) {

  public LocalEngineOptions {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException(
          "the request timeout must be positive, got " + requestTimeout);
    }
  }

  /** Five minutes per request, the bundled CPU library. */
  public static LocalEngineOptions defaults() {
    return new LocalEngineOptions(Duration.ofMinutes(5), null);
  }

  public LocalEngineOptions withLibrary(Path file) {
    return new LocalEngineOptions(requestTimeout, file);
  }

  public LocalEngineOptions withRequestTimeout(Duration timeout) {
    return new LocalEngineOptions(timeout, library);
  }
}
