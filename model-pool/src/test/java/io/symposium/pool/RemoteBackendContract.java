package io.symposium.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * What a backend for remote servers must do beyond {@link ModelBackendContract}: fail fast, and say
 * where, when the server is down.
 */
abstract class RemoteBackendContract extends ModelBackendContract {

  /** A loopback URL nothing listens on: a port that was free a moment ago. */
  static URI closedPort(String path) {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
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
}
