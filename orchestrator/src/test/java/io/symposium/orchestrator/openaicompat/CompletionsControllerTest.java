package io.symposium.orchestrator.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.problem.ProblemResponses;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * The legacy completions of the routed model over a scripted {@link RoutedChat}, and the parameters
 * the facade refuses.
 */
final class CompletionsControllerTest {

  final JsonMapper json = JsonMapper.builder().build();
  final List<String> questions = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void pool() {
    OpenAiControllerTest.emptyPool();
  }

  @AfterAll
  static void close() {
    OpenAiControllerTest.close();
  }

  /** Answers each question with its reverse, under a fresh query id. */
  RoutedChat reversing() {
    return (conversation, limits, delivery, problems) -> {
      questions.add(conversation.question());
      UUID id = UUID.randomUUID();
      String answer = new StringBuilder(conversation.question()).reverse().toString();
      RoutedChat.Trace trace =
          new RoutedChat.Trace(
              id,
              List.of("expert-a"),
              List.of(),
              "majority_vote",
              null,
              new RoutedChat.Usage(
                  5, 2, true, List.of(new RoutedChat.Call("expert-a", "expert", 5, 2, 0, false))),
              new RoutedChat.Turns(0, 0));
      return new RoutedChat.RoutedAnswer(
          id,
          Flux.just(new RoutedChat.Part.Text(answer), new RoutedChat.Part.Finished(answer, trace)));
    };
  }

  WebTestClient.ResponseSpec post(String body) {
    return WebTestClient.bindToController(
            new CompletionsController(OpenAiControllerTest.pool, reversing(), json))
        .controllerAdvice(new ProblemResponses(List.of(new OpenAiErrors())))
        .build()
        .post()
        .uri("/v1/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  @Test
  void complete_routedOnePrompt_textUsageAndTrace() {
    post("{\"model\": \"symposium\", \"prompt\": \"abc\", \"max_tokens\": 5, \"seed\": 3}")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.object")
        .isEqualTo("text_completion")
        .jsonPath("$.choices[0].text")
        .isEqualTo("cba")
        .jsonPath("$.choices[0].finish_reason")
        .isEqualTo("stop")
        .jsonPath("$.choices[0].logprobs")
        .isEmpty()
        .jsonPath("$.usage.total_tokens")
        .isEqualTo(7)
        .jsonPath("$.symposium.experts[0]")
        .isEqualTo("expert-a");
  }

  @Test
  void complete_routedPromptArray_oneQueryAndChoicePerPromptInOrder() {
    post("{\"model\": \"symposium\", \"prompt\": [\"abc\", \"xy\"]}")
        .expectStatus()
        .isOk()
        .expectHeader()
        .value(OpenAiController.QUERY_ID_HEADER, ids -> assertThat(ids.split(", ")).hasSize(2))
        .expectBody()
        .jsonPath("$.choices[0].text")
        .isEqualTo("cba")
        .jsonPath("$.choices[1].text")
        .isEqualTo("yx")
        .jsonPath("$.choices[1].index")
        .isEqualTo(1)
        .jsonPath("$.choices[1].symposium.experts[0]")
        .isEqualTo("expert-a")
        .jsonPath("$.usage.prompt_tokens")
        .isEqualTo(10);
    assertThat(questions).containsExactlyInAnyOrder("abc", "xy");
  }

  @Test
  void complete_routedStream_textChunksFinishUsageDone() {
    List<ServerSentEvent<String>> events =
        post("{\"model\": \"symposium\", \"prompt\": \"abc\", \"stream\": true,"
                + " \"stream_options\": {\"include_usage\": true}}")
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .getResponseBody()
            .collectList()
            .block(Duration.ofSeconds(10));
    assertThat(events).hasSize(4);
    Map<?, ?> first = json.readValue(events.get(0).data(), Map.class);
    assertThat(first.get("object")).isEqualTo("text_completion");
    assertThat(((Map<?, ?>) ((List<?>) first.get("choices")).getFirst()).get("text"))
        .isEqualTo("cba");
    Map<?, ?> usage = json.readValue(events.get(2).data(), Map.class);
    assertThat(usage.get("choices")).isEqualTo(List.of());
    assertThat(((Map<?, ?>) usage.get("usage")).get("total_tokens")).isEqualTo(7);
    assertThat(events.getLast().data()).isEqualTo("[DONE]");
  }

  @Test
  void complete_unsupportedParameters_400NamingEach() {
    Map<String, String> refused =
        Map.of(
            "\"echo\": true", "echo",
            "\"logprobs\": 5", "logprobs",
            "\"n\": 2", "n",
            "\"best_of\": 3", "best_of",
            "\"suffix\": \"end\"", "suffix");
    refused.forEach(
        (member, param) ->
            post("{\"model\": \"symposium\", \"prompt\": \"abc\", " + member + "}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.param")
                .isEqualTo(param)
                .jsonPath("$.error.code")
                .isEqualTo("unsupported_parameter")
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error"));
    assertThat(questions).isEmpty();
  }

  @Test
  void complete_tokenIdsOrEmptyOrStreamedBatch_400OnPrompt() {
    for (String prompt : List.of("[1, 2, 3]", "\"\"", "[]", "[\"a\", 7]")) {
      post("{\"model\": \"symposium\", \"prompt\": " + prompt + "}")
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.param")
          .isEqualTo("prompt");
    }
    post("{\"model\": \"symposium\", \"prompt\": [\"a\", \"b\"], \"stream\": true}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("one prompt"));
    assertThat(questions).isEmpty();
  }

  @Test
  void complete_unknownModel_404ModelNotFound() {
    post("{\"model\": \"nope\", \"prompt\": \"abc\"}")
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("model_not_found");
  }
}
