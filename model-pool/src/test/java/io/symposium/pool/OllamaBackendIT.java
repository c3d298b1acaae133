package io.symposium.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import io.symposium.pool.worker.WorkerSupervisor;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ollama backend: langchain4j's real Ollama client against a worker process serving the Ollama
 * API ({@code /api/tags}, {@code /api/chat}, NDJSON streaming) with real llama.cpp.
 */
final class OllamaBackendIT extends RemoteBackendContract {

  @TempDir static Path dir;
  static WorkerSupervisor server;
  static ModelBackend backend;
  static ModelBackend down;
  static URI baseUrl;

  @BeforeAll
  static void start() {
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
    baseUrl = URI.create("http://127.0.0.1:" + server.worker().port() + "");
    backend = ModelBackends.ollama(Duration.ofSeconds(60));
    down = ModelBackends.ollama(Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    backend.close();
    down.close();
    server.close();
  }

  @Override
  ModelBackend backend() {
    return backend;
  }

  @Override
  ModelSpec model() {
    return ModelSpec.remote("tiny-ollama", BackendKind.OLLAMA, baseUrl, "tiny")
        .withContextSize(256);
  }

  @Override
  ModelSpec unloadableModel() {
    return ModelSpec.remote("missing-ollama", BackendKind.OLLAMA, baseUrl, "no-such-model");
  }

  @Override
  ModelBackend downBackend() {
    return down;
  }

  @Override
  ModelSpec modelOnDownBackend() {
    return ModelSpec.remote("down-ollama", BackendKind.OLLAMA, closedPort(""), "tiny");
  }

  @Override
  int generationsInFlight() {
    return server.worker().get("/health", QUICK).join().path("in_flight").asInt();
  }
}
