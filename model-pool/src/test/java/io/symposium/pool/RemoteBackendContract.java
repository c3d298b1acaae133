package io.symposium.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import io.symposium.pool.llamacpp.client.WorkerSupervisor;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backend for remote servers must do beyond {@link ModelBackendContract}: fail fast, and say
 * where, when the server is down. The server is a worker process serving a random-weight tiny model
 * ({@code tiny}) with real llama.cpp, which speaks both the OpenAI and the Ollama API; a subclass
 * names its backend kind, where that API lives and how its backend is made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RemoteBackendContract extends ModelBackendContract {

  private WorkerSupervisor server;
  private ModelBackend backend;
  private ModelBackend down;
  private URI baseUrl;

  /** The kind of backend under test. */
  abstract BackendKind kind();

  /** The path of the backend's API below the server's root: {@code /v1}, or empty. */
  abstract String apiPath();

  /** A new backend whose HTTP calls give up after {@code timeout}. */
  abstract ModelBackend newBackend(Duration timeout);

  /** A loopback URL nothing listens on: a port that was free a moment ago. */
  static URI closedPort(String path) {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  void startServer(@TempDir Path dir) {
    Path file =
        GgufModels.writeRandom(
            dir.resolve("tiny.gguf"), ModelShape.tinyDense(), WeightType.F32, 42);
    server = WorkerSupervisor.start(WorkerSupervisor.Options.defaults());
    server
        .load(
            new ObjectMapper()
                .createObjectNode()
                .put("id", "tiny")
                .put("path", file.toString())
                .put("context_size", 256)
                .put("parallel", 4)
                .put("threads", 1))
        .join();
    baseUrl = URI.create("http://127.0.0.1:" + server.worker().port() + apiPath());
    backend = newBackend(Duration.ofSeconds(60));
    down = newBackend(Duration.ofSeconds(5));
  }

  @AfterAll
  void stopServer() {
    backend.close();
    down.close();
    server.close();
  }

  @Override
  final ModelBackend backend() {
    return backend;
  }

  @Override
  final ModelSpec model() {
    return ModelSpec.remote("tiny-" + kind().id(), kind(), baseUrl, "tiny").withContextSize(256);
  }

  @Override
  final ModelSpec unloadableModel() {
    return ModelSpec.remote("missing-" + kind().id(), kind(), baseUrl, "no-such-model");
  }

  @Override
  final ModelBackend downBackend() {
    return down;
  }

  @Override
  final ModelSpec modelOnDownBackend() {
    return ModelSpec.remote("down-" + kind().id(), kind(), closedPort(apiPath()), "tiny");
  }

  @Override
  final int generationsInFlight() {
    return server.worker().get("/health", QUICK).join().path("in_flight").asInt();
  }

  @Test
  void load_serverDown_messageNamesHostAndPort() {
    ModelSpec model = modelOnDownBackend();

    Throwable failure = catchFailure(() -> downBackend().load(model));

    URI url = java.util.Objects.requireNonNull(model.baseUrl());
    assertThat(failure)
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining(url.getHost() + ":" + url.getPort());
  }

  @Test
  void complete_serverDown_backendUnavailableQuickly() {
    Throwable failure =
        assertTimeoutPreemptively(
            QUICK,
            () ->
                catchFailure(
                    () ->
                        downBackend()
                            .complete(modelOnDownBackend(), CompletionRequest.greedy(PROMPT, 4))
                            .join()));

    assertThat(failure).isInstanceOf(BackendUnavailableException.class);
  }

  @Test
  void stream_serverDown_backendUnavailableQuickly() {
    Throwable failure =
        assertTimeoutPreemptively(
            QUICK,
            () ->
                catchFailure(
                    () ->
                        downBackend().stream(
                                modelOnDownBackend(), CompletionRequest.greedy(PROMPT, 4))
                            .blockLast(QUICK)));

    assertThat(failure).isInstanceOf(BackendUnavailableException.class);
  }

  @Test
  void chat_messagesReachTheServerAsMessages_notAsOneUserTurn() {
    backend().load(model());
    List<ChatPrompt.Message> messages =
        List.of(
            new ChatPrompt.Message("system", "Be brief."), new ChatPrompt.Message("user", "Hi"));
    String plain = ChatPrompt.render(messages);

    int asMessages =
        backend()
            .complete(model(), CompletionRequest.chat(messages, plain, 2))
            .join()
            .promptTokens();
    int asOneTurn =
        backend().complete(model(), CompletionRequest.greedy(plain, 2)).join().promptTokens();

    // the worker renders chats in the plain format: one user turn adds its "Question: " and
    // "\nAnswer:" around the text, 10 + 8 tokens of the char-level vocabulary
    assertThat(asOneTurn - asMessages).isEqualTo(18);
  }
}
