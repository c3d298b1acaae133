package io.symposium.orchestrator.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.symposium.orchestrator.SymposiumApplication;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * langchain4j's unmodified OpenAI client against the service's facade, with a real llama.cpp expert
 * behind it.
 */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
final class OpenAiFacadeIT {

  static final Path MODELS;

  static {
    try {
      MODELS = Files.createTempDirectory("symposium-facade");
      GgufModels.writeRandom(
          MODELS.resolve("tiny.gguf"), ModelShape.tinyDense(), WeightType.F32, 5);
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("symposium.pool.model-directories", MODELS::toString);
    registry.add("symposium.models[0].id", () -> "tiny-expert");
    registry.add("symposium.models[0].path", () -> MODELS.resolve("tiny.gguf").toString());
    registry.add("symposium.models[0].context-size", () -> "256");
    registry.add("symposium.models[0].threads", () -> "1");
  }

  @LocalServerPort int port;

  OpenAiChatModel.OpenAiChatModelBuilder client() {
    return OpenAiChatModel.builder()
        .baseUrl("http://localhost:" + port + "/v1")
        .apiKey("unused")
        .maxRetries(0)
        .timeout(Duration.ofSeconds(60));
  }

  @Test
  void chat_expertId_answeredByThatExpertWithUsage() {
    ChatResponse response =
        client()
            .modelName("tiny-expert")
            .maxTokens(8)
            .build()
            .chat(UserMessage.from("What is 2+2?"));
    assertThat(response.aiMessage().text()).isNotNull();
    assertThat(response.tokenUsage().outputTokenCount()).isBetween(1, 8);
    assertThat(response.tokenUsage().inputTokenCount()).isPositive();
  }

  @Test
  void chat_sameGreedyQuestionTwice_sameAnswer() {
    var model = client().modelName("tiny-expert").maxTokens(8).temperature(0.0).build();
    assertThat(model.chat("Reverse the word dog.")).isEqualTo(model.chat("Reverse the word dog."));
  }

  @Test
  void chat_streaming_piecesMatchTheWholeAnswer() throws Exception {
    String whole = client().modelName("tiny-expert").maxTokens(10).build().chat("Name a colour.");
    var streaming =
        OpenAiStreamingChatModel.builder()
            .baseUrl("http://localhost:" + port + "/v1")
            .apiKey("unused")
            .modelName("tiny-expert")
            .maxTokens(10)
            .timeout(Duration.ofSeconds(60))
            .build();
    StringBuilder pieces = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    streaming.chat(
        "Name a colour.",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            pieces.append(partial);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    ChatResponse response = done.get(60, TimeUnit.SECONDS);
    assertThat(pieces.toString().strip()).isEqualTo(whole);
    assertThat(response.aiMessage().text().strip()).isEqualTo(whole);
  }

  @Test
  void chat_unknownModel_clientSeesNotFound() {
    assertThatThrownBy(() -> client().modelName("no-such-expert").build().chat("hi"))
        .hasMessageContaining("no-such-expert");
    WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .build()
        .post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"model\": \"no-such-expert\", \"messages\": [{\"role\": \"user\", \"content\":"
                + " \"hi\"}]}")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/unknown-model")
        .jsonPath("$.error.code")
        .isEqualTo("model_not_found");
  }

  /** Issue 10: a routed query that failed through the facade stayed 'received' in the log. */
  @Test
  void chat_routedModelWithoutProfiles_409LoggedFailedWithTheSameProblem() {
    // no profiling run in this service: the routed model has nothing to route with
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    for (boolean stream : List.of(false, true)) {
      Map<String, Object> problem =
          http.post()
              .uri("/v1/chat/completions")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(
                  "{\"model\": \"symposium\", \"stream\": %s, \"messages\": [{\"role\": \"user\","
                          .formatted(stream)
                      + " \"content\": \"What is 2+2?\"}]}")
              .exchange()
              .expectStatus() // streaming too: nothing was sent when it failed
              .isEqualTo(HttpStatus.CONFLICT)
              .expectHeader()
              .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
              .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
              .returnResult()
              .getResponseBody();
      assertThat(problem).containsEntry("type", "/problems/conflict").containsKey("queryId");
      assertThat(problem.get("error")).asInstanceOf(MAP).containsEntry("code", "conflict");

      http.get()
          .uri("/v1/queries/" + problem.get("queryId"))
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("FAILED")
          .jsonPath("$.error.detail")
          .isEqualTo(problem.get("detail"))
          .jsonPath("$.error.error.code")
          .isEqualTo("conflict");
    }
  }

  @Test
  void chat_noMessages_400() {
    WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .build()
        .post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"model\": \"tiny-expert\", \"messages\": []}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("messages");
  }

  @Test
  void models_list_routedModelAndExperts() {
    WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .build()
        .get()
        .uri("/v1/models")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.object")
        .isEqualTo("list")
        .jsonPath("$.data[0].id")
        .isEqualTo("symposium")
        .jsonPath("$.data[?(@.id == 'tiny-expert')]")
        .exists();
  }
}
