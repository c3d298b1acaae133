package io.symposium.pool.llamacpp.client;

import io.symposium.pool.ModelBackend;

/** Lets tests in other packages look inside a llama.cpp backend. */
public final class LlamaCppProbe {

  private LlamaCppProbe() {}

  /** Generations running in the backend's worker now. */
  public static int generationsInFlight(ModelBackend backend) {
    return ((LlamaCppBackend) backend).generationsInFlight();
  }
}
