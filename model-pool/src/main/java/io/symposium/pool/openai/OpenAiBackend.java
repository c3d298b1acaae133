package io.symposium.pool.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.symposium.pool.BackendKind;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelBackend;
import io.symposium.pool.ModelRejectedException;
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
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Models on OpenAI-compatible servers (OpenAI, vLLM, llama.cpp's server, the pool's own workers),
 * reached through langchain4j's {@link OpenAiChatModel} and {@link OpenAiStreamingChatModel}. The
 * prompt travels as one user message. langchain4j's own retries are off: retrying is the pool's
 * decision.
 */
final class OpenAiBackend implements ModelBackend {

  /**
   * The tag that names the environment variable holding a model's API key: {@code
   * api-key-env=OPENAI_API_KEY}.
   */
  static final String API_KEY_TAG = "api-key-env=";

  /** Sent when no key is configured: local servers ignore it, and langchain4j requires one. */
  private static final String NO_KEY = "none";

  private final Duration timeout;
  private final @Nullable String defaultApiKey;
  private final LongSupplier ticker;
  private final Map<String, Clients> clients = new ConcurrentHashMap<>();
  private final ExecutorService calls;

  /** The blocking and the streaming client of one model. */
  private record Clients(
      RemoteServer server, OpenAiChatModel chat, OpenAiStreamingChatModel streaming) {}

  OpenAiBackend(Duration timeout, @Nullable String defaultApiKey, LongSupplier ticker) {
    this.timeout = timeout;
    this.defaultApiKey = defaultApiKey;
    this.ticker = ticker;
    AtomicInteger n = new AtomicInteger();
    this.calls =
        Executors.newCachedThreadPool(
            r ->
                Thread.ofPlatform()
                    .daemon(true)
                    .name("openai-call-" + n.incrementAndGet())
                    .unstarted(r));
  }

  @Override
  public BackendKind kind() {
    return BackendKind.OPENAI;
  }

  /** Checks that the server answers {@code GET /models} with a list that holds the model. */
  @Override
  public void load(ModelSpec spec) {
    RemoteServer server = RemoteServer.of(spec, timeout);
    String key = apiKey(spec);
    JsonNode list =
        server.getJson(
            "/models", NO_KEY.equals(key) ? Map.of() : Map.of("Authorization", "Bearer " + key));
    List<String> names = new ArrayList<>();
    list.path("data").forEach(m -> names.add(m.path("id").asText()));
    if (!names.contains(spec.remoteName())) {
      throw server.unknownModel(names);
    }
    clients.put(spec.id(), clients(spec, server, key));
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
      c =
          clients.computeIfAbsent(
              spec.id(), id -> clients(spec, RemoteServer.of(spec, timeout), apiKey(spec)));
    }
    return c;
  }

  private Clients clients(ModelSpec spec, RemoteServer server, String key) {
    OpenAiChatModel chat =
        OpenAiChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey(key)
            .modelName(spec.remoteName())
            .timeout(timeout)
            .maxRetries(0)
            .build();
    OpenAiStreamingChatModel streaming =
        OpenAiStreamingChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey(key)
            .modelName(spec.remoteName())
            .timeout(timeout)
            .build();
    return new Clients(server, chat, streaming);
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

  private static ChatRequest chatRequest(ModelSpec spec, CompletionRequest request) {
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
    return ChatRequest.builder()
        .messages(UserMessage.from(request.prompt()))
        .parameters(parameters.build())
        .build();
  }

  /** OpenAI's seed is a 32-bit signed integer; larger seeds keep their low 31 bits. */
  static int seed(long seed) {
    return (int) (seed & Integer.MAX_VALUE);
  }
}
