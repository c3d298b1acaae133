package io.symposium.pool.openai;

import io.symposium.pool.ModelBackend;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Creates the OpenAI-compatible backend; use {@code ModelBackends.openAi} from the pool's API. */
public final class OpenAiBackends {

  private OpenAiBackends() {}

  /**
   * A backend whose HTTP calls give up after {@code timeout}; {@code apiKey} is the default key, or
   * null for none.
   */
  public static ModelBackend create(Duration timeout, @Nullable String apiKey) {
    return new OpenAiBackend(timeout, apiKey, System::nanoTime);
  }
}
