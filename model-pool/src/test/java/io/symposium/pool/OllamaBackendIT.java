package io.symposium.pool;

import java.time.Duration;

/**
 * The Ollama backend: langchain4j's real Ollama client against a worker process serving the Ollama
 * API ({@code /api/tags}, {@code /api/chat}, NDJSON streaming) with real llama.cpp.
 */
final class OllamaBackendIT extends RemoteBackendContract {

  @Override
  BackendKind kind() {
    return BackendKind.OLLAMA;
  }

  @Override
  String apiPath() {
    return "";
  }

  @Override
  ModelBackend newBackend(Duration timeout) {
    return ModelBackends.ollama(timeout);
  }
}
