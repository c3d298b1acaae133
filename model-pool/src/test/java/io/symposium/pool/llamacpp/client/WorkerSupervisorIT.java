package io.symposium.pool.llamacpp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real worker processes running real llama.cpp on generated GGUF fixtures, killed and hung on
 * purpose.
 */
final class WorkerSupervisorIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration CALL = Duration.ofSeconds(60);

  @TempDir static Path dir;
  static Path model;
  static WorkerSupervisor supervisor;

  @BeforeAll
  static void start() {
    model =
        GgufModels.writeRandom(
            dir.resolve("tiny.gguf"), ModelShape.tinyDense(), WeightType.F32, 42);
    supervisor =
        WorkerSupervisor.start(
            WorkerSupervisor.Options.defaults()
                .withHealth(Duration.ofMillis(300), Duration.ofMillis(500), 3));
    supervisor.load(loadRequest("tiny")).join();
  }

  @AfterAll
  static void stop() {
    supervisor.close();
  }

  static ObjectNode loadRequest(String id) {
    return JSON.createObjectNode()
        .put("id", id)
        .put("path", model.toString())
        .put("context_size", 256)
        .put("parallel", 4)
        .put("threads", 1);
  }

  static ObjectNode completion(String modelId, int maxTokens) {
    return JSON.createObjectNode()
        .put("model", modelId)
        .put("prompt", "Question: what is 2+2?\nAnswer:")
        .put("max_tokens", maxTokens);
  }

  @Test
  void completion_loadedModel_answersWithUsage() {
    JsonNode answer =
        supervisor.worker().post("/v1/completions", completion("tiny", 8), CALL).join();
    assertThat(answer.path("object").asText()).isEqualTo("text_completion");
    assertThat(answer.path("choices").get(0).path("finish_reason").asText()).isIn("length", "stop");
    assertThat(answer.path("usage").path("completion_tokens").asInt()).isBetween(1, 8);
    assertThat(answer.path("usage").path("prompt_tokens").asInt()).isGreaterThan(10);
  }

  @Test
  void completion_sameGreedyRequestTwice_sameText() {
    String first =
        supervisor
            .worker()
            .post("/v1/completions", completion("tiny", 12), CALL)
            .join()
            .path("choices")
            .get(0)
            .path("text")
            .asText();
    String second =
        supervisor
            .worker()
            .post("/v1/completions", completion("tiny", 12), CALL)
            .join()
            .path("choices")
            .get(0)
            .path("text")
            .asText();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void chatCompletion_messages_assistantMessage() {
    ObjectNode chat = JSON.createObjectNode().put("model", "tiny").put("max_tokens", 6);
    chat.putArray("messages")
        .addObject()
        .put("role", "user")
        .put("content", "Reverse the word cat.");
    JsonNode answer = supervisor.worker().post("/v1/chat/completions", chat, CALL).join();
    assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
    assertThat(answer.path("choices").get(0).path("message").path("role").asText())
        .isEqualTo("assistant");
  }

  @Test
  void streaming_pieces_concatenateToTheNonStreamedText() throws Exception {
    String whole =
        supervisor
            .worker()
            .post("/v1/completions", completion("tiny", 10), CALL)
            .join()
            .path("choices")
            .get(0)
            .path("text")
            .asText();
    var response =
        supervisor
            .worker()
            .postStreaming("/v1/completions", completion("tiny", 10).put("stream", true), CALL)
            .join();
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> events;
    try (Stream<String> lines = response.body()) {
      events = lines.filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }
    assertThat(events.getLast()).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (String e : events.subList(0, events.size() - 1)) {
      text.append(JSON.readTree(e).path("choices").get(0).path("text").asText());
    }
    assertThat(text.toString()).isEqualTo(whole);
  }

  @Test
  void completion_unknownModel_404NamingIt() {
    assertThatThrownBy(
            () -> supervisor.worker().post("/v1/completions", completion("nope", 4), CALL).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(WorkerResponseException.class)
        .hasMessageContaining("nope")
        .satisfies(e -> assertThat(((WorkerResponseException) e).status()).isEqualTo(404));
  }

  @Test
  void completion_nanTemperatureOrEmptyPrompt_400() {
    for (ObjectNode bad :
        List.of(
            completion("tiny", 4).put("temperature", -1.0),
            completion("tiny", 0),
            completion("tiny", 4).put("top_p", 2.0))) {
      assertThatThrownBy(() -> supervisor.worker().post("/v1/completions", bad, CALL).join())
          .cause()
          .isInstanceOf(WorkerResponseException.class)
          .satisfies(e -> assertThat(((WorkerResponseException) e).status()).isEqualTo(400));
    }
  }

  @Test
  void load_corruptFile_rejectedAndWorkerStaysUp() throws Exception {
    Path corrupt = dir.resolve("corrupt.gguf");
    java.nio.file.Files.writeString(corrupt, "GGUF but not really a model file at all");
    ObjectNode request =
        JSON.createObjectNode().put("id", "corrupt").put("path", corrupt.toString());
    long pid = supervisor.worker().pid();
    assertThatThrownBy(() -> supervisor.load(request).join())
        .cause()
        .isInstanceOf(WorkerResponseException.class);
    assertThat(supervisor.worker().pid()).isEqualTo(pid);
    assertThat(supervisor.worker().get("/health", CALL).join().path("status").asText())
        .isEqualTo("UP");
  }

  @Test
  void worker_sigkillMidGeneration_inFlightFailsRetriablyAndReplacementServesSameModel()
      throws Exception {
    WorkerProcess victim = supervisor.worker();
    CompletableFuture<WorkerProcess> replaced = supervisor.replacement();
    CompletableFuture<JsonNode> inFlight =
        victim.post("/v1/completions", completion("tiny", 200), CALL);
    ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();

    assertThatThrownBy(inFlight::join)
        .cause()
        .isInstanceOf(WorkerFailedException.class)
        .hasMessageContaining(String.valueOf(victim.pid()))
        .satisfies(e -> assertThat(((WorkerFailedException) e).retriable()).isTrue());

    WorkerProcess fresh = replaced.get(90, TimeUnit.SECONDS);
    assertThat(fresh.pid()).isNotEqualTo(victim.pid());
    assertThat(supervisor.loadedModelIds()).contains("tiny");
    JsonNode answer =
        supervisor.worker().post("/v1/completions", completion("tiny", 4), CALL).join();
    assertThat(answer.path("usage").path("completion_tokens").asInt()).isPositive();
  }

  @Test
  void worker_hung_killedByHealthCheckAndReplaced() throws Exception {
    WorkerProcess victim = supervisor.worker();
    CompletableFuture<WorkerProcess> replaced = supervisor.replacement();
    // SIGSTOP freezes the process the way a native deadlock would: alive, but silent
    new ProcessBuilder("kill", "-STOP", String.valueOf(victim.pid())).start().waitFor();
    WorkerProcess fresh = replaced.get(90, TimeUnit.SECONDS);
    assertThat(fresh.pid()).isNotEqualTo(victim.pid());
    assertThat(victim.isAlive()).isFalse();
    assertThat(
            supervisor
                .worker()
                .get("/health", CALL)
                .join()
                .path("models")
                .get(0)
                .path("id")
                .asText())
        .isEqualTo("tiny");
  }
}
