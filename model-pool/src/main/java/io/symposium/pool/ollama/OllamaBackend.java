package io.symposium.pool.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.symposium.pool.BackendKind;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelBackend;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.remote.ChatCalls;
import io.symposium.pool.remote.RemoteServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;

/**
 * Models on Ollama servers, reached through langchain4j's {@link OllamaChatModel} and {@link
 * OllamaStreamingChatModel}. The prompt travels as one user message; the model's context size is
 * sent as {@code num_ctx}, so the server sizes its runner like the pool expects. langchain4j's
 * retries are off: retrying is the pool's decision.
 */
final class OllamaBackend implements ModelBackend {

  private final Duration timeout;
  private final LongSupplier ticker;
  private final Map<String, Clients> clients = new ConcurrentHashMap<>();
  private final ExecutorService calls;

  /** The blocking and the streaming client of one model. */
  private record Clients(
      RemoteServer server, OllamaChatModel chat, OllamaStreamingChatModel streaming) {}

  OllamaBackend(Duration timeout, LongSupplier ticker) {
    this.timeout = timeout;
    this.ticker = ticker;
    AtomicInteger n = new AtomicInteger();
    this.calls =
        Executors.newCachedThreadPool(
            r ->
                Thread.ofPlatform()
                    .daemon(true)
                    .name("ollama-call-" + n.incrementAndGet())
                    .unstarted(r));
  }

  @Override
  public BackendKind kind() {
    return BackendKind.OLLAMA;
  }

  /**
   * Checks that the server answers {@code GET /api/tags} with a list that holds the model ({@code
   * :latest} implied).
   */
  @Override
  public void load(ModelSpec spec) {
    RemoteServer server = RemoteServer.of(spec, timeout);
    JsonNode tags = server.getJson("/api/tags", Map.of());
    List<String> names = new ArrayList<>();
    tags.path("models").forEach(m -> names.add(m.path("name").asText(m.path("model").asText())));
    String wanted = spec.remoteName();
    if (!names.contains(wanted)
        && !names.contains(wanted + ":latest")
        && !(wanted.endsWith(":latest")
            && names.contains(wanted.substring(0, wanted.length() - 7)))) {
      throw server.unknownModel(names);
    }
    clients.put(spec.id(), clients(spec, server));
  }

  @Override
  public void unload(ModelSpec spec) {
    clients.remove(spec.id());
  }

  @Override
  public CompletableFuture<Completion> complete(ModelSpec spec, CompletionRequest request) {
    Clients c;
    try {
      c = clientsOf(spec);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return ChatCalls.complete(
        spec.id(), c.server(), c.chat(), chatRequest(spec, request), calls, ticker);
  }

  @Override
  public Flux<String> stream(ModelSpec spec, CompletionRequest request) {
    return Flux.defer(
        () -> {
          Clients c = clientsOf(spec);
          return ChatCalls.stream(c.server(), c.streaming(), chatRequest(spec, request));
        });
  }

  @Override
  public void close() {
    clients.clear();
    calls.shutdownNow();
  }

  private Clients clientsOf(ModelSpec spec) {
    Clients c = clients.get(spec.id());
    if (c == null) {
      c = clients.computeIfAbsent(spec.id(), id -> clients(spec, RemoteServer.of(spec, timeout)));
    }
    return c;
  }

  private Clients clients(ModelSpec spec, RemoteServer server) {
    OllamaChatModel chat =
        OllamaChatModel.builder()
            .baseUrl(server.baseUrl())
            .modelName(spec.remoteName())
            .timeout(timeout)
            .maxRetries(0)
            .build();
    OllamaStreamingChatModel streaming =
        OllamaStreamingChatModel.builder()
            .baseUrl(server.baseUrl())
            .modelName(spec.remoteName())
            .timeout(timeout)
            .build();
    return new Clients(server, chat, streaming);
  }

  private static ChatRequest chatRequest(ModelSpec spec, CompletionRequest request) {
    OllamaChatRequestParameters.Builder parameters =
        OllamaChatRequestParameters.builder()
            .modelName(spec.remoteName())
            .temperature(request.temperature())
            .topP(request.topP())
            .topK(request.topK())
            .maxOutputTokens(request.maxTokens())
            .numCtx(spec.contextSize())
            .seed((int) (request.seed() & Integer.MAX_VALUE));
    if (!request.stop().isEmpty()) {
      parameters.stopSequences(request.stop());
    }
    return ChatRequest.builder()
        .messages(UserMessage.from(request.prompt()))
        .parameters(parameters.build())
        .build();
  }
}
