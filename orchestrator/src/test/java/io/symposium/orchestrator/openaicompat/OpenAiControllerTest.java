package io.symposium.orchestrator.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemResponses;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.pool.BackendKind;
import io.symposium.pool.ChatPrompt;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The facade's routed model over a scripted {@link RoutedChat}: how its parts and failures become
 * OpenAI completions, chunks and errors.
 */
final class OpenAiControllerTest {

  static final UUID QUERY = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  static final RoutedChat.Trace TRACE =
      new RoutedChat.Trace(
          QUERY,
          List.of("expert-a", "expert-b"),
          List.of(),
          "llm_synthesis",
          "agg",
          new RoutedChat.Usage(
              30,
              7,
              true,
              List.of(
                  new RoutedChat.Call("expert-a", "expert", 10, 2, 0, false),
                  new RoutedChat.Call("expert-b", "expert", 11, 3, 0, false),
                  new RoutedChat.Call("agg", "aggregator", 9, 2, 0, false))),
          new RoutedChat.Turns(0, 0));
  static final String ROUTED =
      "{\"model\": \"symposium\", \"messages\": [{\"role\": \"user\", \"content\": \"Capital of"
          + " France?\"}]";

  static ModelPool pool;
  final JsonMapper json = JsonMapper.builder().build();

  @BeforeAll
  static void emptyPool() {
    pool =
        ModelPool.create(
            new ModelPool.Config(
                1L << 30,
                Duration.ofSeconds(1),
                16,
                Duration.ofSeconds(5),
                0,
                Duration.ofMillis(10),
                List.of()),
            // no model is registered: the backend is there because a pool needs one
            Map.of(BackendKind.OPENAI, ModelBackends.openAi(Duration.ofSeconds(1))),
            InstantSource.system(),
            new SimpleMeterRegistry());
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  /** A routed chat that answers with {@code parts}, its failures read through the facade's own. */
  static RoutedChat scripted(
      Function<Function<Throwable, ApiProblemException>, Flux<RoutedChat.Part>> parts) {
    return (question, limits, delivery, problems) ->
        new RoutedChat.RoutedAnswer(QUERY, parts.apply(problems));
  }

  WebTestClient client(RoutedChat chat) {
    return WebTestClient.bindToController(new OpenAiController(pool, chat, json))
        .controllerAdvice(new ProblemResponses(List.of(new OpenAiErrors())))
        .build();
  }

  List<ServerSentEvent<String>> stream(RoutedChat chat, HttpStatus expected) {
    return client(chat)
        .post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .bodyValue(ROUTED + ", \"stream\": true}")
        .exchange()
        .expectStatus()
        .isEqualTo(expected)
        .expectHeader()
        .valueEquals(OpenAiController.QUERY_ID_HEADER, QUERY.toString())
        .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
        .getResponseBody()
        .collectList()
        .block(Duration.ofSeconds(10));
  }

  Map<String, Object> data(ServerSentEvent<String> event) {
    return map(json.readValue(event.data(), Map.class));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object json) {
    return (Map<String, Object>) json;
  }

  @Test
  void chat_routedStreaming_roleChunkThenOneChunkPerPieceInOrderThenFinishWithTraceThenDone() {
    var chat =
        scripted(
            problems ->
                Flux.just(
                    new RoutedChat.Part.Text("Par"),
                    new RoutedChat.Part.Text("is"),
                    new RoutedChat.Part.Text("."),
                    new RoutedChat.Part.Finished("Paris.", TRACE)));

    List<ServerSentEvent<String>> events = stream(chat, HttpStatus.OK);

    assertThat(events).hasSize(6);
    assertThat(events.getLast().data()).isEqualTo("[DONE]");
    List<Map<String, Object>> chunks = events.subList(0, 5).stream().map(this::data).toList();
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c.get("object")).isEqualTo("chat.completion.chunk");
              assertThat(c.get("id")).isEqualTo("chatcmpl-" + QUERY);
            });
    assertThat(delta(chunks.getFirst())).containsEntry("role", "assistant");
    assertThat(chunks.subList(1, 4).stream().map(c -> delta(c).get("content")))
        .containsExactly("Par", "is", ".");
    Map<String, Object> last = chunks.getLast();
    assertThat(choice(last)).containsEntry("finish_reason", "stop");
    assertThat(delta(last)).doesNotContainKey("content");
    assertThat(map(last.get("symposium")))
        .containsEntry("queryId", QUERY.toString())
        .containsEntry("experts", List.of("expert-a", "expert-b"))
        .containsEntry("method", "llm_synthesis");
    assertThat(chunks.subList(0, 4)).allSatisfy(c -> assertThat(c).doesNotContainKey("symposium"));
  }

  @Test
  void chat_routedStreamingFailsBeforeAnyPiece_httpStatusAndProblemBodyWithOpenAiError() {
    var chat =
        scripted(
            problems ->
                Flux.error(
                    problems.apply(
                        new ApiProblemException(ProblemType.CONFLICT, "No active profile."))));

    Map<String, Object> problem =
        client(chat)
            .post()
            .uri("/v1/chat/completions")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(ROUTED + ", \"stream\": true}")
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.CONFLICT)
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .valueEquals("x-should-retry", "false")
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();

    assertThat(problem)
        .containsEntry("type", "/problems/conflict")
        .containsEntry("detail", "No active profile.")
        .containsKey("error");
    // all four keys of OpenAI's error object, param null as OpenAI sends it
    assertThat(map(problem.get("error")))
        .containsEntry("message", "No active profile.")
        .containsEntry("type", "invalid_request_error")
        .containsEntry("code", "conflict")
        .containsEntry("param", null)
        .hasSize(4);
  }

  @Test
  void chat_routedStreamingFailsAfterAPiece_errorEventInOpenAiShapeAndNoDone() {
    var chat =
        scripted(
            problems ->
                Flux.<RoutedChat.Part>just(new RoutedChat.Part.Text("Par"))
                    .concatWith(Flux.error(problems.apply(new IllegalStateException("boom")))));

    List<ServerSentEvent<String>> events = stream(chat, HttpStatus.OK);

    assertThat(events).hasSize(3);
    Map<String, Object> error = map(data(events.getLast()).get("error"));
    assertThat(error).containsEntry("type", "server_error").containsEntry("code", "internal_error");
    assertThat((String) error.get("message")).contains("quote reference").doesNotContain("boom");
  }

  @Test
  void chat_routed_wholeAnswerWithTheQueryIdAndTrace() {
    var chat =
        scripted(
            problems ->
                Flux.just(
                    new RoutedChat.Part.Text("Paris."),
                    new RoutedChat.Part.Finished("Paris.", TRACE)));

    client(chat)
        .post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(ROUTED + "}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(OpenAiController.QUERY_ID_HEADER, QUERY.toString())
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo("chatcmpl-" + QUERY)
        .jsonPath("$.object")
        .isEqualTo("chat.completion")
        .jsonPath("$.choices[0].message.content")
        .isEqualTo("Paris.")
        .jsonPath("$.choices[0].finish_reason")
        .isEqualTo("stop")
        .jsonPath("$.symposium.queryId")
        .isEqualTo(QUERY.toString())
        // every call the answer took, summed, and each in the extension
        .jsonPath("$.usage.prompt_tokens")
        .isEqualTo(30)
        .jsonPath("$.usage.completion_tokens")
        .isEqualTo(7)
        .jsonPath("$.usage.total_tokens")
        .isEqualTo(37)
        .jsonPath("$.symposium.usage.calls.length()")
        .isEqualTo(3)
        .jsonPath("$.symposium.usage.calls[2].role")
        .isEqualTo("aggregator")
        .jsonPath("$.symposium.usage.promptsCounted")
        .isEqualTo(true);
  }

  @Test
  void chat_routedConversation_lastUserMessageIsTheQuestionEarlierTurnsGoAlong() {
    List<RoutedChat.Conversation> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    RoutedChat chat =
        (conversation, limits, delivery, problems) -> {
          asked.add(conversation);
          return new RoutedChat.RoutedAnswer(
              QUERY, Flux.just(new RoutedChat.Part.Finished("Lyon.", TRACE)));
        };

    client(chat)
        .post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"model\": \"symposium\", \"messages\": [{\"role\": \"system\", \"content\":"
                + " \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Capital of France?\"},"
                + " {\"role\": \"assistant\", \"content\": \"Paris.\"}, {\"role\": \"user\","
                + " \"content\": \"And its second city?\"}]}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.symposium.conversation.earlierTurns")
        .isEqualTo(0); // the scripted trace's own

    assertThat(asked)
        .containsExactly(
            new RoutedChat.Conversation(
                "And its second city?",
                List.of(
                    new ChatPrompt.Message("system", "Be brief."),
                    new ChatPrompt.Message("user", "Capital of France?"),
                    new ChatPrompt.Message("assistant", "Paris."))));
  }

  @Test
  void chat_routedMessageAfterTheLastUserMessage_400NamingMessages() {
    client(scripted(problems -> Flux.empty()))
        .post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"model\": \"symposium\", \"messages\": [{\"role\": \"user\", \"content\":"
                + " \"Capital of France?\"}, {\"role\": \"assistant\", \"content\": \"It is\"}]}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.param")
        .isEqualTo("messages")
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("last user message"));
  }

  @Test
  void chat_routedStreamingWithIncludeUsage_lastChunkHasNoChoicesAndTheUsage() {
    var chat =
        scripted(
            problems ->
                Flux.just(
                    new RoutedChat.Part.Text("Paris."),
                    new RoutedChat.Part.Finished("Paris.", TRACE)));

    List<ServerSentEvent<String>> events =
        client(chat)
            .post()
            .uri("/v1/chat/completions")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                ROUTED + ", \"stream\": true, \"stream_options\": {\"include_usage\": true}}")
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .getResponseBody()
            .collectList()
            .block(Duration.ofSeconds(10));

    // role, text, finish, usage, [DONE]
    assertThat(events).hasSize(5);
    Map<String, Object> usage = data(events.get(3));
    assertThat(usage.get("choices")).isEqualTo(List.of());
    assertThat(map(usage.get("usage")))
        .containsEntry("prompt_tokens", 30)
        .containsEntry("completion_tokens", 7)
        .containsEntry("total_tokens", 37);
    assertThat(data(events.get(2))).doesNotContainKey("usage");
  }

  @Test
  void chat_routedPromptTooLong_400ContextLengthExceededInOpenAiShape() {
    var chat =
        scripted(
            problems ->
                Flux.error(
                    problems.apply(
                        new ContextLengthExceededException("the prompt fills every context"))));

    client(chat)
        .post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(ROUTED + "}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/context-length-exceeded")
        .jsonPath("$.error.code")
        .isEqualTo("context_length_exceeded")
        .jsonPath("$.error.param")
        .isEqualTo("messages");
  }

  @Test
  void chat_routedStreamingClientGoesAway_partsCancelled() {
    AtomicBoolean cancelled = new AtomicBoolean();
    var chat =
        scripted(
            problems ->
                Flux.<RoutedChat.Part>just(new RoutedChat.Part.Text("Par"))
                    .concatWith(Flux.never())
                    .doOnCancel(() -> cancelled.set(true)));
    var request = json.readValue(ROUTED + ", \"stream\": true}", ChatCompletionRequest.class);

    StepVerifier.create(
            new OpenAiController(pool, chat, json)
                .chat(request)
                .flatMapMany(response -> (Flux<?>) response.getBody()))
        .expectNextCount(2) // the role chunk and the first piece
        .thenCancel()
        .verify(Duration.ofSeconds(5));

    assertThat(cancelled).isTrue();
  }

  private static Map<String, Object> choice(Map<String, Object> chunk) {
    return map(((List<?>) chunk.get("choices")).getFirst());
  }

  private static Map<String, Object> delta(Map<String, Object> chunk) {
    return map(choice(chunk).get("delta"));
  }
}
