package io.symposium.pool.remote;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.symposium.pool.ChatPrompt;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelBackend;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.StreamEvent;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;

/**
 * What every backend for a remote model server does the same way: on load, check that the server
 * lists the model and make its langchain4j clients; complete with the blocking client on the
 * backend's own platform threads; stream with the streaming client. A subclass says how its API
 * lists models, builds the clients and reads a request. A chat travels as its messages, a plain
 * prompt as one user message, and langchain4j's retries stay off: retrying is the pool's decision.
 */
public abstract class RemoteChatBackend implements ModelBackend {

  /** The blocking and the streaming client of one model. */
  public record Clients(ChatModel chat, StreamingChatModel streaming) {}

  /** A loaded model's server and clients. */
  private record Connection(RemoteServer server, Clients clients) {}

  private final Duration timeout;
  private final LongSupplier ticker;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final ExecutorService calls;

  /**
   * @param threadName the prefix of the call threads' names ({@code openai-call-1}, …)
   * @param timeout how long an HTTP call may take
   * @param ticker nanoseconds, to time completions
   */
  protected RemoteChatBackend(String threadName, Duration timeout, LongSupplier ticker) {
    this.timeout = timeout;
    this.ticker = ticker;
    AtomicInteger n = new AtomicInteger();
    this.calls =
        Executors.newCachedThreadPool(
            r ->
                Thread.ofPlatform()
                    .daemon(true)
                    .name(threadName + "-" + n.incrementAndGet())
                    .unstarted(r));
  }

  /** How long an HTTP call may take. */
  protected final Duration timeout() {
    return timeout;
  }

  /** The names of the models {@code server} serves, from its model list. */
  protected abstract List<String> modelNames(ModelSpec spec, RemoteServer server);

  /** Whether {@code names}, the server's model list, holds {@code spec}'s remote model. */
  protected abstract boolean lists(List<String> names, ModelSpec spec);

  /** The clients that talk to {@code spec}'s model on {@code server}. */
  protected abstract Clients clients(ModelSpec spec, RemoteServer server);

  /** {@code request}'s sampling and limits in the server's API. */
  protected abstract ChatRequestParameters parameters(ModelSpec spec, CompletionRequest request);

  /**
   * A seed for an API whose seed is a 32-bit signed integer: larger seeds keep their low 31 bits.
   */
  protected static int seed(long seed) {
    return (int) (seed & Integer.MAX_VALUE);
  }

  /** Checks that the server lists the model, then makes its clients. */
  @Override
  public final void load(ModelSpec spec) {
    RemoteServer server = RemoteServer.of(spec, timeout);
    List<String> names = modelNames(spec, server);
    if (!lists(names, spec)) {
      throw server.unknownModel(names);
    }
    connections.put(spec.id(), new Connection(server, clients(spec, server)));
  }

  @Override
  public final void unload(ModelSpec spec) {
    connections.remove(spec.id());
  }

  @Override
  public final CompletableFuture<Completion> complete(ModelSpec spec, CompletionRequest request) {
    Connection c;
    try {
      c = connectionOf(spec);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return ChatCalls.complete(
        spec.id(), c.server(), c.clients().chat(), chatRequest(spec, request), calls, ticker);
  }

  @Override
  public final Flux<StreamEvent> stream(ModelSpec spec, CompletionRequest request) {
    return Flux.defer(
        () -> {
          Connection c = connectionOf(spec);
          return ChatCalls.stream(c.server(), c.clients().streaming(), chatRequest(spec, request));
        });
  }

  @Override
  public void close() {
    connections.clear();
    calls.shutdownNow();
  }

  /**
   * A chat's messages as they are (the server renders them with its model's template), a plain
   * prompt as one user message.
   */
  private ChatRequest chatRequest(ModelSpec spec, CompletionRequest request) {
    List<ChatPrompt.Message> chat = request.messages();
    List<ChatMessage> messages =
        chat == null
            ? List.of(UserMessage.from(request.prompt()))
            : chat.stream().map(RemoteChatBackend::message).toList();
    return ChatRequest.builder().messages(messages).parameters(parameters(spec, request)).build();
  }

  private static ChatMessage message(ChatPrompt.Message m) {
    return switch (m.role().toLowerCase(Locale.ROOT)) {
      case "system", "developer" -> SystemMessage.from(m.content());
      case "assistant" -> AiMessage.from(m.content());
      default -> UserMessage.from(m.content());
    };
  }

  /** The loaded model's connection, or a new one for a model the pool did not load here. */
  private Connection connectionOf(ModelSpec spec) {
    Connection c = connections.get(spec.id());
    if (c == null) {
      c =
          connections.computeIfAbsent(
              spec.id(),
              id -> {
                RemoteServer server = RemoteServer.of(spec, timeout);
                return new Connection(server, clients(spec, server));
              });
    }
    return c;
  }
}
