package io.symposium.orchestrator.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * langchain4j's unmodified OpenAI client against the service's facade, with a real llama.cpp expert
 * behind it.
 */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(OpenAiFacadeIT.RequestCounter.class)
final class OpenAiFacadeIT {

  /** Counts the requests that reach the facade's chat path, to see what a client retries. */
  @TestConfiguration
  static class RequestCounter implements WebFilter {
    static final AtomicInteger CHATS = new AtomicInteger();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
      if (exchange.getRequest().getPath().value().equals("/v1/chat/completions")) {
        CHATS.incrementAndGet();
      }
      return chain.filter(exchange);
    }
  }

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
    // a server that is not there: the pool reports it unavailable, a 503 a retry may pass
    registry.add("symposium.models[1].id", () -> "gone-expert");
    registry.add("symposium.models[1].backend", () -> "openai");
    registry.add("symposium.models[1].base-url", () -> "http://127.0.0.1:9/v1");
    registry.add("symposium.models[1].remote-name", () -> "gone");
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

  // ---- the official OpenAI Java SDK, unmodified: its defaults, but the base URL and a key ----

  OpenAIClient sdk() {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://localhost:" + port + "/v1")
        .apiKey("sk-unused")
        .build();
  }

  static ChatCompletionCreateParams.Builder ask(String model, String question) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(question);
  }

  @Test
  void sdk_models_listAndRetrieve() {
    List<com.openai.models.models.Model> models = sdk().models().list().data();
    assertThat(models)
        .extracting(com.openai.models.models.Model::id)
        .startsWith("symposium")
        .contains("tiny-expert");
    assertThat(sdk().models().retrieve("tiny-expert").ownedBy()).isEqualTo("llama-cpp");
  }

  @Test
  void sdk_chatWithoutMaxTokens_answersWithinTheContextWithUsage() {
    ChatCompletion completion =
        sdk().chat().completions().create(ask("tiny-expert", "Hi?").build());
    ChatCompletion.Choice choice = completion.choices().getFirst();
    assertThat(choice.message().content()).isPresent();
    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isPositive();
    assertThat(usage.promptTokens() + usage.completionTokens()).isLessThanOrEqualTo(256);
    assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
  }

  @Test
  void sdk_multiTurnChat_theEarlierTurnsAreInThePrompt() {
    ChatCompletionCreateParams.Builder conversation =
        ChatCompletionCreateParams.builder()
            .model("tiny-expert")
            .maxCompletionTokens(4)
            .addSystemMessage("Be brief.")
            .addUserMessage("What is 2+2?")
            .addAssistantMessage("4")
            .addUserMessage("And times 3?");
    long withHistory =
        sdk()
            .chat()
            .completions()
            .create(conversation.build())
            .usage()
            .orElseThrow()
            .promptTokens();
    long alone =
        sdk()
            .chat()
            .completions()
            .create(ask("tiny-expert", "And times 3?").maxCompletionTokens(4).build())
            .usage()
            .orElseThrow()
            .promptTokens();
    assertThat(withHistory).isGreaterThan(alone);
  }

  @Test
  @SuppressWarnings("deprecation") // max_tokens and seed: deprecated by OpenAI, still sent by many
  void sdk_chatWithEachParameter_acceptedAndHonoured() {
    OpenAIClient sdk = sdk();
    assertThat(
            sdk.chat()
                .completions()
                .create(ask("tiny-expert", "Count.").maxTokens(3).build())
                .usage()
                .orElseThrow()
                .completionTokens())
        .isBetween(1L, 3L);
    assertThat(
            sdk.chat()
                .completions()
                .create(ask("tiny-expert", "Count.").maxCompletionTokens(2).build())
                .usage()
                .orElseThrow()
                .completionTokens())
        .isBetween(1L, 2L);
    // sampled with a seed: the same seed, the same answer
    ChatCompletionCreateParams sampled =
        ask("tiny-expert", "Say something.")
            .maxCompletionTokens(6)
            .temperature(0.9)
            .topP(0.9)
            .seed(42)
            .build();
    assertThat(content(sdk.chat().completions().create(sampled)))
        .isEqualTo(content(sdk.chat().completions().create(sampled)));
    // a stop string ends the answer before it: the model never writes it out
    String free =
        content(
            sdk.chat()
                .completions()
                .create(ask("tiny-expert", "Go.").maxCompletionTokens(12).build()));
    assertThat(free).isNotBlank();
    String stop = free.strip().substring(0, 1);
    String stopped =
        content(
            sdk.chat()
                .completions()
                .create(ask("tiny-expert", "Go.").maxCompletionTokens(12).stop(stop).build()));
    assertThat(stopped).doesNotContain(stop);
  }

  static String content(ChatCompletion completion) {
    return completion.choices().getFirst().message().content().orElse("");
  }

  @Test
  void sdk_streamingWithIncludeUsage_severalChunksUsageInTheLast() {
    ChatCompletionCreateParams params =
        ask("tiny-expert", "Name a colour.")
            .maxCompletionTokens(8)
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream =
        sdk().chat().completions().createStreaming(params)) {
      chunks = stream.stream().toList();
    }
    assertThat(chunks).hasSizeGreaterThan(3);
    String text =
        chunks.stream()
            .flatMap(c -> c.choices().stream())
            .map(c -> c.delta().content().orElse(""))
            .collect(java.util.stream.Collectors.joining());
    ChatCompletionChunk last = chunks.getLast();
    assertThat(last.choices()).isEmpty();
    CompletionUsage usage = last.usage().orElseThrow();
    assertThat(usage.completionTokens()).isBetween(1L, 8L);
    assertThat(chunks.subList(0, chunks.size() - 1)).allMatch(c -> c.usage().isEmpty());
    assertThat(text).isNotEmpty();
    // the engine's counts, as exact as a whole answer's: the same prompt counts the same
    long wholePrompt =
        sdk()
            .chat()
            .completions()
            .create(ask("tiny-expert", "Name a colour.").maxCompletionTokens(8).build())
            .usage()
            .orElseThrow()
            .promptTokens();
    assertThat(usage.promptTokens()).isPositive().isEqualTo(wholePrompt);
    assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
  }

  @Test
  void sdk_legacyCompletions_promptCompletedAsItIs() {
    com.openai.models.completions.Completion completion =
        sdk()
            .completions()
            .create(
                CompletionCreateParams.builder()
                    .model("tiny-expert")
                    .prompt("Question: What is 2+2?\nAnswer:")
                    .maxTokens(5)
                    .temperature(0.0)
                    .stop("\n")
                    .build());
    assertThat(completion.choices()).hasSize(1);
    assertThat(completion.choices().getFirst().text()).doesNotContain("\n");
    assertThat(completion.choices().getFirst().finishReason().asString()).isIn("stop", "length");
    assertThat(completion.usage().orElseThrow().completionTokens()).isBetween(1L, 5L);

    com.openai.models.completions.Completion batch =
        sdk()
            .completions()
            .create(
                CompletionCreateParams.builder()
                    .model("tiny-expert")
                    .promptOfArrayOfStrings(List.of("One,", "Two,"))
                    .maxTokens(3)
                    .build());
    assertThat(batch.choices()).extracting(c -> c.index()).containsExactly(0L, 1L);
  }

  @Test
  void sdk_legacyCompletionsEcho_badRequestNamingIt() {
    assertThatThrownBy(
            () ->
                sdk()
                    .completions()
                    .create(
                        CompletionCreateParams.builder()
                            .model("tiny-expert")
                            .prompt("Hi")
                            .echo(true)
                            .build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.param()).contains("echo");
              assertThat(e.code()).contains("unsupported_parameter");
            });
  }

  @Test
  void sdk_unknownModel_notFoundWithTheMessage() {
    assertThatThrownBy(() -> sdk().chat().completions().create(ask("no-such-expert", "hi").build()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.getMessage()).contains("The model 'no-such-expert' does not exist");
              assertThat(e.code()).contains("model_not_found");
              assertThat(e.type()).contains("invalid_request_error");
            });
  }

  @Test
  void sdk_overLongPrompt_badRequestContextLengthExceededNotRetried() {
    String long_ = "word ".repeat(2000);
    RequestCounter.CHATS.set(0);
    assertThatThrownBy(() -> sdk().chat().completions().create(ask("tiny-expert", long_).build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.code()).contains("context_length_exceeded");
              assertThat(e.param()).contains("messages");
              assertThat(e.headers().values("x-should-retry")).containsExactly("false");
            });
    // the SDK retries up to twice by default; a 400 that says so is sent once
    assertThat(RequestCounter.CHATS.get()).isEqualTo(1);
  }

  @Test
  void sdk_backendDown_503WithRetryAfterRetriedByTheSdk() {
    RequestCounter.CHATS.set(0);
    assertThatThrownBy(() -> sdk().chat().completions().create(ask("gone-expert", "hi").build()))
        .isInstanceOfSatisfying(
            InternalServerException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(503);
              assertThat(e.headers().values("retry-after")).containsExactly("2");
              assertThat(e.headers().values("x-should-retry")).containsExactly("true");
              assertThat(e.type()).contains("server_error");
            });
    // the first try and the SDK's two default retries, each after the 2 s the server asked for
    assertThat(RequestCounter.CHATS.get()).isEqualTo(3);
  }
}
