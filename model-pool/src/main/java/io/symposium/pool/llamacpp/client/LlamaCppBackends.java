package io.symposium.pool.llamacpp.client;

import io.symposium.pool.LocalEngineOptions;
import io.symposium.pool.ModelBackend;

/** Creates the llama.cpp backend; use {@code ModelBackends.llamaCpp} from the pool's API. */
public final class LlamaCppBackends {

  private LlamaCppBackends() {}

  /** A backend that starts its worker process on the first load. */
  public static ModelBackend create(LocalEngineOptions options) {
    return new LlamaCppBackend(options, System::nanoTime);
  }
}
