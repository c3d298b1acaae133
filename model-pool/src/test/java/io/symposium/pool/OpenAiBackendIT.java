package io.symposium.pool;

import java.time.Duration;

/**
 * The OpenAI backend: langchain4j's real OpenAI client against a worker process serving {@code /v1}
 * with real llama.cpp.
 */
final class OpenAiBackendIT extends RemoteBackendContract {

  @Override
  BackendKind kind() {
    return BackendKind.OPENAI;
  }

  @Override
  String apiPath() {
    return "/v1";
  }

  @Override
  ModelBackend newBackend(Duration timeout) {
    return ModelBackends.openAi(timeout);
  }
}
