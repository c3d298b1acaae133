package io.symposium.pool.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.symposium.pool.BackendKind;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelRejectedException;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.remote.RemoteChatBackend;
import io.symposium.pool.remote.RemoteServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Models on OpenAI-compatible servers (OpenAI, vLLM, llama.cpp's server, the pool's own workers),
 * reached through langchain4j's {@link OpenAiChatModel} and {@link OpenAiStreamingChatModel}.
 */
final class OpenAiBackend extends RemoteChatBackend {

  /**
   * The tag that names the environment variable holding a model's API key: {@code
   * api-key-env=OPENAI_API_KEY}.
   */
  static final String API_KEY_TAG = "api-key-env=";

  /** Sent when no key is configured: local servers ignore it, and langchain4j requires one. */
  private static final String NO_KEY = "none";

  private final @Nullable String defaultApiKey;

  OpenAiBackend(Duration timeout, @Nullable String defaultApiKey, LongSupplier ticker) {
    super("openai-call", timeout, ticker);
    this.defaultApiKey = defaultApiKey;
  }

  @Override
  public BackendKind kind() {
    return BackendKind.OPENAI;
  }

  /** {@code GET /models}. */
  @Override
  protected List<String> modelNames(ModelSpec spec, RemoteServer server) {
    String key = apiKey(spec);
    JsonNode list =
        server.getJson(
            "/models", NO_KEY.equals(key) ? Map.of() : Map.of("Authorization", "Bearer " + key));
    List<String> names = new ArrayList<>();
    list.path("data").forEach(m -> names.add(m.path("id").asText()));
    return names;
  }

  @Override
  protected boolean lists(List<String> names, ModelSpec spec) {
    return names.contains(spec.remoteName());
  }

  @Override
  protected Clients clients(ModelSpec spec, RemoteServer server) {
    String key = apiKey(spec);
    OpenAiChatModel chat =
        OpenAiChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey(key)
            .modelName(spec.remoteName())
            .timeout(timeout())
            .maxRetries(0)
            .build();
    OpenAiStreamingChatModel streaming =
        OpenAiStreamingChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey(key)
            .modelName(spec.remoteName())
            .timeout(timeout())
            .build();
    return new Clients(chat, streaming);
  }

  /**
   * The key named by the model's {@value #API_KEY_TAG} tag, else the backend's default, else none.
   */
  private String apiKey(ModelSpec spec) {
    for (String tag : spec.tags()) {
      if (tag.startsWith(API_KEY_TAG)) {
        String variable = tag.substring(API_KEY_TAG.length());
        String key = System.getenv(variable);
        if (key == null || key.isBlank()) {
          throw new ModelRejectedException(
              "model '"
                  + spec.id()
                  + "' takes its API key from the environment variable "
                  + variable
                  + ", which is not set");
        }
        return key;
      }
    }
    return defaultApiKey == null || defaultApiKey.isBlank() ? NO_KEY : defaultApiKey;
  }

  @Override
  protected ChatRequestParameters parameters(ModelSpec spec, CompletionRequest request) {
    OpenAiChatRequestParameters.Builder parameters =
        OpenAiChatRequestParameters.builder()
            .modelName(spec.remoteName())
            .temperature(request.temperature())
            .topP(request.topP())
            .maxOutputTokens(request.maxTokens())
            .seed(seed(request.seed()));
    if (!request.stop().isEmpty()) {
      parameters.stopSequences(request.stop());
    }
    if (request.topK() > 0) {
      // not in OpenAI's API, but servers that sample locally (vLLM, llama.cpp, the pool's workers)
      // honour it
      parameters.customParameters(Map.of("top_k", request.topK()));
    }
    return parameters.build();
  }
}
