package io.symposium.pool.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.symposium.pool.BackendKind;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.remote.RemoteChatBackend;
import io.symposium.pool.remote.RemoteServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Models on Ollama servers, reached through langchain4j's {@link OllamaChatModel} and {@link
 * OllamaStreamingChatModel}. The model's context size is sent as {@code num_ctx}, so the server
 * sizes its runner like the pool expects.
 */
final class OllamaBackend extends RemoteChatBackend {

  OllamaBackend(Duration timeout, LongSupplier ticker) {
    super("ollama-call", timeout, ticker);
  }

  @Override
  public BackendKind kind() {
    return BackendKind.OLLAMA;
  }

  /** {@code GET /api/tags}. */
  @Override
  protected List<String> modelNames(ModelSpec spec, RemoteServer server) {
    JsonNode tags = server.getJson("/api/tags", Map.of());
    List<String> names = new ArrayList<>();
    tags.path("models").forEach(m -> names.add(m.path("name").asText(m.path("model").asText())));
    return names;
  }

  /** The name as given, with {@code :latest} implied when it names no tag. */
  @Override
  protected boolean lists(List<String> names, ModelSpec spec) {
    String wanted = Objects.requireNonNull(spec.remoteName(), "a remote model has a remote name");
    return names.contains(wanted)
        || names.contains(wanted + ":latest")
        || (wanted.endsWith(":latest") && names.contains(wanted.substring(0, wanted.length() - 7)));
  }

  @Override
  protected Clients clients(ModelSpec spec, RemoteServer server) {
    OllamaChatModel chat =
        OllamaChatModel.builder()
            .baseUrl(server.baseUrl())
            .modelName(spec.remoteName())
            .timeout(timeout())
            .maxRetries(0)
            .build();
    OllamaStreamingChatModel streaming =
        OllamaStreamingChatModel.builder()
            .baseUrl(server.baseUrl())
            .modelName(spec.remoteName())
            .timeout(timeout())
            .build();
    return new Clients(chat, streaming);
  }

  @Override
  protected ChatRequestParameters parameters(ModelSpec spec, CompletionRequest request) {
    OllamaChatRequestParameters.Builder parameters =
        OllamaChatRequestParameters.builder()
            .modelName(spec.remoteName())
            .temperature(request.temperature())
            .topP(request.topP())
            .topK(request.topK())
            .maxOutputTokens(request.maxTokens())
            .numCtx(spec.contextSize())
            .seed(seed(request.seed()));
    if (!request.stop().isEmpty()) {
      parameters.stopSequences(request.stop());
    }
    return parameters.build();
  }
}
