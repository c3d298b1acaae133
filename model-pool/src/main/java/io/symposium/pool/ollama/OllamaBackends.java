package io.symposium.pool.ollama;

import io.symposium.pool.ModelBackend;
import java.time.Duration;

/** Creates the Ollama backend; use {@code ModelBackends.ollama} from the pool's API. */
public final class OllamaBackends {

  private OllamaBackends() {}

  /** A backend whose HTTP calls give up after {@code timeout}. */
  public static ModelBackend create(Duration timeout) {
    return new OllamaBackend(timeout, System::nanoTime);
  }
}
