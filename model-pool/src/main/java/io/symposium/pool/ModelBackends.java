package io.symposium.pool;

import io.symposium.pool.llamacpp.client.LlamaCppBackends;
import io.symposium.pool.ollama.OllamaBackends;
import io.symposium.pool.openai.OpenAiBackends;
import java.time.Duration;

/** The built-in {@link ModelBackend}s, one per {@link BackendKind}. */
public final class ModelBackends {

  private ModelBackends() {}

  /**
   * Runs GGUF models in a supervised llama.cpp worker process of its own, started on the first load
   * and stopped by {@link ModelBackend#close()}.
   */
  public static ModelBackend llamaCpp(LocalEngineOptions options) {
    return LlamaCppBackends.create(options);
  }

  /**
   * Talks to OpenAI-compatible servers ({@code /models}, {@code /chat/completions}); a model's API
   * key comes from the environment variable its tag {@code api-key-env=NAME} names, else none is
   * sent.
   */
  public static ModelBackend openAi(Duration timeout) {
    return OpenAiBackends.create(timeout, null);
  }

  /**
   * Talks to OpenAI-compatible servers with {@code apiKey} for every model that names no key of its
   * own.
   */
  public static ModelBackend openAi(Duration timeout, String apiKey) {
    return OpenAiBackends.create(timeout, apiKey);
  }

  /** Talks to Ollama servers ({@code /api/tags}, {@code /api/chat}). */
  public static ModelBackend ollama(Duration timeout) {
    return OllamaBackends.create(timeout);
  }
}
