package io.symposium.orchestrator.query;

import static io.symposium.orchestrator.testing.ZooKeywords.FACTS;
import static io.symposium.orchestrator.testing.ZooKeywords.STRINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.symposium.orchestrator.SymposiumApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The whole service on its embedded default, the self-trained expert zoo, with real llama.cpp
 * workers and PostgreSQL: a profiling run over part of the zoo's validation set, then real routed
 * queries.
 */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class ZooQueryIT {

  static final Path ZOO = Path.of("../evals/zoo/models").toAbsolutePath().normalize();
  static final String TASK = "zoo-it-" + UUID.randomUUID().toString().substring(0, 8);
  static final List<String> EXPERTS =
      List.of(
          "expert-facts",
          "expert-logic",
          "expert-numbers",
          "expert-strings",
          "generalist-large",
          "generalist-small");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("symposium.zoo.directory", ZOO::toString);
    registry.add("symposium.zoo.profile-on-start", () -> "false");
    registry.add("symposium.admin.password", () -> "pw");
    registry.add("symposium.routing.default-task", () -> TASK);
  }

  @LocalServerPort int port;
  WebTestClient http;
  WebTestClient admin;

  @BeforeAll
  void profile() {
    http =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .responseTimeout(Duration.ofMinutes(3))
            .build();
    admin = http.mutate().defaultHeaders(h -> h.setBasicAuth("admin", "pw")).build();
  }

  @Test
  @Order(1)
  void query_beforeAnyProfile_409TellingHowToCreateOne() {
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"question\": \"What is 2 + 3?\"}")
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("/admin/api/profiles/runs"))
        .jsonPath("$.queryId")
        .exists();
  }

  @Test
  @Order(2)
  void profilingRun_zooValidationSubset_scoresReflectTheExpertsSkills() {
    String body =
        "{\"task\": \"%s\", \"validationFile\": \"%s\", \"experts\": [%s], \"keywordModel\": \"keywords\", \"aggregators\": [\"aggregator\"], \"limit\": 57}"
            .formatted(
                TASK,
                ZOO.resolve("validation.json"),
                String.join(", ", EXPERTS.stream().map(e -> "\"" + e + "\"").toList()));
    Map<String, Object> started =
        admin
            .post()
            .uri("/admin/api/profiles/runs")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    long run = ((Number) started.get("runId")).longValue();

    List<ServerSentEvent<String>> events =
        WebClient.builder()
            .baseUrl("http://localhost:" + port)
            .defaultHeaders(h -> h.setBasicAuth("admin", "pw"))
            .build()
            .get()
            .uri("/admin/api/profiles/runs/" + run + "/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .collectList()
            .block(Duration.ofMinutes(4));
    assertThat(events)
        .extracting(ServerSentEvent::event)
        .contains("progress")
        .last()
        .isEqualTo("done");

    Map<String, Object> listing =
        admin
            .get()
            .uri("/admin/api/profiles?task=" + TASK)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Integer>> scores =
        (Map<String, Map<String, Integer>>)
            ((Map<String, Object>) listing.get("active")).get("scores");
    assertThat(scores).containsKeys(EXPERTS.toArray(String[]::new));
    // a specialist scores higher on its own domain's skills than on another domain's, and the other
    // way round
    assertThat(mean(scores.get("expert-facts"), FACTS))
        .isGreaterThan(mean(scores.get("expert-facts"), STRINGS));
    assertThat(mean(scores.get("expert-strings"), STRINGS))
        .isGreaterThan(mean(scores.get("expert-strings"), FACTS));
    assertThat(mean(scores.get("expert-facts"), FACTS))
        .isGreaterThan(mean(scores.get("expert-strings"), FACTS));
  }

  static double mean(Map<String, Integer> profile, Set<String> keywords) {
    return profile.entrySet().stream()
        .filter(e -> keywords.contains(e.getKey()))
        .mapToInt(Map.Entry::getValue)
        .average()
        .orElseThrow();
  }

  @Test
  @Order(3)
  void query_zooQuestion_answeredEndToEndAndLogged() {
    Map<String, Object> result =
        http.post()
            .uri("/v1/query")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                "{\"question\": \"What is 3 + 4? The options are: (A) 6 (B) 7 (C) 8 (D) 12\","
                    + " \"k\": 3, \"seed\": 1}")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat(result)
        .containsKeys("finalAnswer", "skills", "routing", "experts", "timings", "modelsLoaded");
    assertThat(result).containsEntry("format", "MULTIPLE_CHOICE");
    assertThat((List<?>) result.get("experts")).isNotEmpty();
    assertThat(((Map<?, ?>) result.get("routing")).get("scores")).asList().hasSize(EXPERTS.size());
    String id = (String) result.get("id");
    http.get()
        .uri("/v1/queries/" + id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("ANSWERED")
        .jsonPath("$.experts[0].model")
        .exists();
  }

  @Test
  @Order(3)
  void query_sameQuestionTwice_usageListsTheKeywordCallsThenOneCachedEntry() {
    // a question no other test asks, so that the keyword cache has not seen it
    String question = "What is 417 + 1? The options are: (A) 418 (B) 2 (C) 3 (D) 4";
    List<Map<String, Object>> first = usageCalls(question);
    List<Map<String, Object>> second = usageCalls(question);

    List<Map<String, Object>> keywordCalls =
        first.stream().filter(c -> "KEYWORDS".equals(c.get("role"))).toList();
    // every sample of the keyword model, counted by the pool, before any expert
    assertThat(keywordCalls).isNotEmpty().allMatch(c -> Boolean.FALSE.equals(c.get("cached")));
    assertThat(keywordCalls).allMatch(c -> ((Number) c.get("promptTokens")).intValue() > 0);
    assertThat(first.subList(0, keywordCalls.size())).isEqualTo(keywordCalls);
    assertThat(first).anyMatch(c -> "EXPERT".equals(c.get("role")));
    // the second time the cache answers: one entry that says so, and no tokens
    assertThat(second)
        .filteredOn(c -> "KEYWORDS".equals(c.get("role")))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c).containsEntry("cached", true).containsEntry("promptTokens", 0);
              assertThat(c).containsEntry("completionTokens", 0);
            });
  }

  private List<Map<String, Object>> usageCalls(String question) {
    Map<String, Object> result =
        http.post()
            .uri("/v1/query")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("question", question, "k", 2, "seed", 1))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat(result).isNotNull().containsKey("usage");
    Map<?, ?> usage = (Map<?, ?>) result.get("usage");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> calls = (List<Map<String, Object>>) usage.get("calls");
    // the totals add up the calls, the keyword model's included
    assertThat(usage.get("promptTokens"))
        .isEqualTo(calls.stream().mapToInt(c -> ((Number) c.get("promptTokens")).intValue()).sum());
    assertThat(usage.get("completionTokens"))
        .isEqualTo(
            calls.stream().mapToInt(c -> ((Number) c.get("completionTokens")).intValue()).sum());
    assertThat(usage.get("promptsCounted")).isEqualTo(true);
    return calls;
  }

  @Test
  @Order(4)
  void query_eventStream_stagesInOrder() {
    List<ServerSentEvent<String>> events =
        WebClient.create("http://localhost:" + port)
            .post()
            .uri("/v1/query")
            .contentType(MediaType.APPLICATION_JSON)
            .accept(MediaType.TEXT_EVENT_STREAM)
            .bodyValue(
                "{\"question\": \"Reverse the word cat.\", \"k\": 2, \"aggregation\":"
                    + " \"majority\"}")
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .collectList()
            .block(Duration.ofMinutes(3));
    List<String> names = events.stream().map(ServerSentEvent::event).toList();
    assertThat(names)
        .startsWith("skills", "routing")
        .contains("expert")
        .endsWith("aggregate", "done");
  }

  @Test
  @Order(4)
  void query_eventStream_answerPiecesAreExactlyTheFinalAnswer() throws Exception {
    var json = new ObjectMapper();
    for (String body :
        List.of(
            "{\"question\": \"Reverse the word planet.\", \"strategy\": \"single\"}",
            "{\"question\": \"What is 3 + 4? The options are: (A) 6 (B) 7 (C) 8 (D) 12\","
                + " \"k\": 3, \"seed\": 5}")) {
      List<ServerSentEvent<String>> events =
          WebClient.create("http://localhost:" + port)
              .post()
              .uri("/v1/query")
              .contentType(MediaType.APPLICATION_JSON)
              .accept(MediaType.TEXT_EVENT_STREAM)
              .bodyValue(body)
              .retrieve()
              .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
              .collectList()
              .block(Duration.ofMinutes(3));
      StringBuilder streamed = new StringBuilder();
      for (ServerSentEvent<String> e : events) {
        if ("answer".equals(e.event())) {
          streamed.append(json.readTree(e.data()).path("text").asText());
        }
      }
      String done =
          events.stream().filter(e -> "done".equals(e.event())).findFirst().orElseThrow().data();
      assertThat(events).extracting(ServerSentEvent::event).contains("answer");
      assertThat(streamed.toString())
          .as(body)
          .isEqualTo(json.readTree(done).path("finalAnswer").asText());
    }
  }

  @Test
  @Order(5)
  void facade_routedModel_answersThroughThePipeline() {
    http.post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"model\": \"symposium\", \"max_tokens\": 64, \"messages\": [{\"role\": \"user\","
                + " \"content\": \"Is 8 even or odd?\"}]}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.choices[0].message.role")
        .isEqualTo("assistant");
  }

  @Test
  @Order(5)
  void facade_routedModelWithTheClientsDefaults_answersWithinTheContext() {
    // no max_tokens, as almost every client sends it: each call may use what its context leaves
    String answer =
        OpenAiChatModel.builder()
            .baseUrl("http://localhost:" + port + "/v1")
            .apiKey("unused")
            .modelName("symposium")
            .maxRetries(0)
            .timeout(Duration.ofMinutes(2))
            .build()
            .chat("Reverse the word cat.");

    assertThat(answer).isNotBlank();
  }

  @Test
  @Order(5)
  void query_explicitLimitBeyondEveryContext_400ContextLengthExceededNotRetriable() {
    // the zoo's experts have a 288-token context: 280 tokens of answer leave no room for a question
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"question\": \"Reverse the word cat.\", \"k\": 2, \"maxTokens\": 280}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/context-length-exceeded")
        .jsonPath("$.retriable")
        .isEqualTo(false)
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("context"));
    Map<String, Object> facade =
        http.post()
            .uri("/v1/chat/completions")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                "{\"model\": \"symposium\", \"max_tokens\": 280, \"messages\": [{\"role\":"
                    + " \"user\", \"content\": \"Reverse the word cat.\"}]}")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat(facade.get("error"))
        .asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("code", "context_length_exceeded")
        .containsEntry("type", "invalid_request_error");
    // and the facade's query is in the log as failed, with the error its client got
    http.get()
        .uri("/v1/queries/" + facade.get("queryId"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("FAILED")
        .jsonPath("$.error.error.code")
        .isEqualTo("context_length_exceeded");
  }

  @Test
  @Order(5)
  void facade_routedModelStreaming_chunksInOrderMakeTheLoggedAnswer() {
    List<ServerSentEvent<String>> events =
        WebClient.create("http://localhost:" + port)
            .post()
            .uri("/v1/chat/completions")
            .contentType(MediaType.APPLICATION_JSON)
            .accept(MediaType.TEXT_EVENT_STREAM)
            .bodyValue(
                "{\"model\": \"symposium\", \"stream\": true, \"max_tokens\": 64, \"messages\":"
                    + " [{\"role\": \"user\", \"content\": \"Is 8 even or odd?\"}]}")
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .collectList()
            .block(Duration.ofMinutes(2));
    assertThat(events.getLast().data()).isEqualTo("[DONE]");
    List<Map<String, Object>> chunks =
        events.subList(0, events.size() - 1).stream().map(e -> json(e.data())).toList();
    assertThat(chunks).hasSizeGreaterThanOrEqualTo(3); // the role, at least one piece, the finish
    assertThat(delta(chunks.getFirst())).containsEntry("role", "assistant");
    Map<String, Object> last = chunks.getLast();
    assertThat(choice(last)).containsEntry("finish_reason", "stop");
    String answer =
        chunks.subList(1, chunks.size() - 1).stream()
            .map(c -> (String) delta(c).get("content"))
            .reduce("", String::concat);
    // the chunks, in order, are exactly the final answer the query log keeps
    String queryId = (String) ((Map<?, ?>) last.get("symposium")).get("queryId");
    http.get()
        .uri("/v1/queries/" + queryId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("ANSWERED")
        .jsonPath("$.finalAnswer")
        .isEqualTo(answer);
    assertThat(answer).isNotBlank();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) {
    return tools.jackson.databind.json.JsonMapper.builder().build().readValue(text, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> choice(Map<String, Object> chunk) {
    return (Map<String, Object>) ((List<?>) chunk.get("choices")).getFirst();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> delta(Map<String, Object> chunk) {
    return (Map<String, Object>) choice(chunk).get("delta");
  }

  @Test
  @Order(7)
  void query_clientDisconnectsMidStream_generationsCancelledAndQueuesDrain() {
    List<ServerSentEvent<String>> seen =
        WebClient.create("http://localhost:" + port)
            .post()
            .uri("/v1/query")
            .contentType(MediaType.APPLICATION_JSON)
            .accept(MediaType.TEXT_EVENT_STREAM)
            .bodyValue(
                "{\"question\": \"Sort the letters of planet.\", \"k\": 3, \"strategy\": \"all\","
                    + " \"maxTokens\": 90}")
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .takeUntil(
                e -> "routing".equals(e.event())) // hang up as soon as the experts are chosen
            .collectList()
            .block(Duration.ofMinutes(2));
    assertThat(seen).extracting(ServerSentEvent::event).endsWith("routing");
    String queryId = seen.getLast().id();
    // the pool's queues drain without the abandoned work running to its end; poll, bounded, no
    // sleep
    Boolean drained =
        reactor.core.publisher.Flux.interval(Duration.ofMillis(100))
            // a poll slower than a tick (a loaded machine) skips ticks instead of overflowing
            .onBackpressureDrop()
            .concatMap(
                i ->
                    WebClient.builder()
                        .baseUrl("http://localhost:" + port)
                        .defaultHeaders(h -> h.setBasicAuth("admin", "pw"))
                        .build()
                        .get()
                        .uri("/admin/api/pool/queues")
                        .retrieve()
                        .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {}))
            .map(
                snapshot ->
                    ((Map<?, ?>) snapshot.get("queues"))
                        .values().stream()
                            .allMatch(
                                q ->
                                    ((Number) ((Map<?, ?>) q).get("waiting")).intValue() == 0
                                        && ((Number) ((Map<?, ?>) q).get("inFlight")).intValue()
                                            == 0))
            .filter(Boolean::booleanValue)
            .blockFirst(Duration.ofSeconds(30));
    assertThat(drained).isTrue();
    // the abandoned query is logged as cancelled (written after the client left: poll, bounded)
    String status =
        reactor.core.publisher.Flux.interval(Duration.ofMillis(100))
            .concatMap(
                i ->
                    WebClient.create("http://localhost:" + port)
                        .get()
                        .uri("/v1/queries/" + queryId)
                        .retrieve()
                        .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {}))
            .map(query -> (String) query.get("status"))
            .filter(s -> !"RECEIVED".equals(s))
            .blockFirst(Duration.ofSeconds(30));
    assertThat(status).isEqualTo("CANCELLED");
    // and the pool still answers
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"question\": \"Is 4 even or odd?\", \"k\": 1}")
        .exchange()
        .expectStatus()
        .isOk();
  }

  /**
   * A model added to the pool is profiled alone into a new version that keeps every other model's
   * scores. The new model is a second copy of expert-facts, so its record must look like
   * expert-facts's. The test restores the pool and the active version for the tests after it.
   */
  @Test
  @Order(8)
  @SuppressWarnings("unchecked")
  void addModel_profiledAloneIntoANewVersion_othersScoresKept() {
    Map<String, Object> before = activeProfile();
    long beforeId = ((Number) before.get("id")).longValue();
    // added models persist in the test database: one left by an aborted earlier build goes first
    admin.delete().uri("/admin/api/models/facts-twin").exchange();
    try {
      addTwinAndCheckItsProfile(before, beforeId);
    } finally {
      admin.post().uri("/admin/api/profiles/" + beforeId + "/activate").exchange();
      admin.delete().uri("/admin/api/models/facts-twin").exchange();
    }
  }

  @SuppressWarnings("unchecked")
  private void addTwinAndCheckItsProfile(Map<String, Object> before, long beforeId) {
    admin
        .post()
        .uri("/admin/api/models")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            // tagged zoo: it answers in the zoo's trained prompt format, as its original does
            "{\"id\": \"facts-twin\", \"path\": \"%s\", \"contextSize\": 288, \"tags\": [\"zoo\"]}"
                .formatted(ZOO.resolve("expert-facts.gguf")))
        .exchange()
        .expectStatus()
        .isCreated();
    // the run starts in the background (after the runs of other tasks in this database): poll
    Map<String, Object> run =
        reactor.core.publisher.Flux.interval(Duration.ofMillis(200))
            .onBackpressureDrop()
            .concatMap(
                i ->
                    WebClient.builder()
                        .baseUrl("http://localhost:" + port)
                        .defaultHeaders(h -> h.setBasicAuth("admin", "pw"))
                        .build()
                        .get()
                        .uri("/admin/api/profiles/runs?limit=50")
                        .retrieve()
                        .bodyToFlux(new ParameterizedTypeReference<Map<String, Object>>() {})
                        .filter(
                            r ->
                                TASK.equals(r.get("task"))
                                    && List.of("facts-twin").equals(r.get("experts")))
                        .next())
            .blockFirst(Duration.ofMinutes(4));
    assertThat(run).isNotNull();
    assertThat(run.get("experts")).isEqualTo(List.of("facts-twin"));
    assertThat(((Number) run.get("extendsVersion")).longValue()).isEqualTo(beforeId);
    assertThat(run.get("keywordModel")).isEqualTo("keywords");
    List<ServerSentEvent<String>> events =
        WebClient.builder()
            .baseUrl("http://localhost:" + port)
            .defaultHeaders(h -> h.setBasicAuth("admin", "pw"))
            .build()
            .get()
            .uri("/admin/api/profiles/runs/" + run.get("id") + "/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .collectList()
            .block(Duration.ofMinutes(4));
    assertThat(events).extracting(ServerSentEvent::event).endsWith("done");

    Map<String, Object> after = activeProfile();
    assertThat(((Number) after.get("id")).longValue()).isNotEqualTo(beforeId);
    Map<String, Map<String, Integer>> oldScores =
        (Map<String, Map<String, Integer>>) before.get("scores");
    Map<String, Map<String, Integer>> newScores =
        (Map<String, Map<String, Integer>>) after.get("scores");
    assertThat(newScores.keySet()).containsAll(EXPERTS).contains("facts-twin");
    for (String expert : EXPERTS) {
      assertThat(newScores.get(expert)).isEqualTo(oldScores.get(expert));
    }
    assertThat(newScores.get("facts-twin").keySet())
        .isEqualTo(oldScores.get("expert-facts").keySet());
    assertThat(after.get("questions")).isEqualTo(before.get("questions"));
    // the same weights answer the same questions: its accuracy is expert-facts's, within the
    // odd answer that batching's floating point can flip
    Map<String, Map<String, Integer>> accuracy =
        (Map<String, Map<String, Integer>>) after.get("accuracy");
    assertThat(accuracy.get("facts-twin").get("answered"))
        .isEqualTo(accuracy.get("expert-facts").get("answered"));
    assertThat(accuracy.get("facts-twin").get("correct"))
        .isCloseTo(accuracy.get("expert-facts").get("correct"), within(2));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> activeProfile() {
    Map<String, Object> profiles =
        admin
            .get()
            .uri("/admin/api/profiles?task=" + TASK)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    return (Map<String, Object>) profiles.get("active");
  }

  @Test
  @Order(6)
  void explain_givenKeywords_routesWithoutGenerating() {
    admin
        .post()
        .uri("/admin/api/route/explain")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"question\": \"anything\", \"task\": \""
                + TASK
                + "\", \"keywords\": [\"geography\"]}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.mapped[0]")
        .isEqualTo("geography")
        .jsonPath("$.routing.scores")
        .isArray();
  }

  /**
   * The official OpenAI Java SDK, unmodified (its defaults but the base URL and a key), asking the
   * routed model; nested so that it runs after, and with, the profiles made above.
   */
  @Nested
  final class OfficialOpenAiSdk {

    final OpenAIClient sdk =
        OpenAIOkHttpClient.builder()
            .baseUrl("http://localhost:" + port + "/v1")
            .apiKey("sk-unused")
            .build();

    static ChatCompletionCreateParams.Builder routed() {
      return ChatCompletionCreateParams.builder().model("symposium").seed(3);
    }

    static Map<String, JsonValue> symposium(Map<String, JsonValue> extensions) {
      return object(extensions.get("symposium"));
    }

    // JsonValue is a JsonField<Nothing>, a raw type to Java: its accessors lose their generics
    @SuppressWarnings("unchecked")
    static Map<String, JsonValue> object(JsonValue value) {
      return (Map<String, JsonValue>) value.asObject().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static List<JsonValue> array(JsonValue value) {
      return (List<JsonValue>) value.asArray().orElseThrow();
    }

    static long number(JsonValue value) {
      return ((Number) value.asNumber().orElseThrow()).longValue();
    }

    @Test
    void chat_routedWithoutMaxTokens_usageCountsEveryCall() {
      ChatCompletion completion =
          sdk.chat()
              .completions()
              .create(routed().addUserMessage("What is 3 + 4? (A) 6 (B) 7 (C) 8 (D) 12").build());

      assertThat(completion.choices().getFirst().message().content()).get().asString().isNotBlank();
      CompletionUsage usage = completion.usage().orElseThrow();
      Map<String, JsonValue> trace = symposium(completion._additionalProperties());
      Map<String, JsonValue> split = object(trace.get("usage"));
      List<JsonValue> calls = array(split.get("calls"));
      // every call of the answer, counted whole (a non-streamed answer streams nothing), the
      // keyword model's first (or its cached entry, when an earlier test asked the same question)
      assertThat(calls).hasSizeGreaterThanOrEqualTo(2);
      assertThat(object(calls.getFirst()).get("role")).isEqualTo(JsonValue.from("keywords"));
      assertThat(split.get("promptsCounted")).isEqualTo(JsonValue.from(true));
      assertThat(usage.promptTokens())
          .isEqualTo(calls.stream().mapToLong(c -> number(object(c).get("promptTokens"))).sum())
          .isPositive();
      assertThat(usage.completionTokens()).isPositive();
      assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
      // the numbers, for whoever reads the build log
      org.slf4j.LoggerFactory.getLogger(ZooQueryIT.class)
          .info(
              "routed usage {}",
              usage.promptTokens()
                  + "/"
                  + usage.completionTokens()
                  + "/"
                  + usage.totalTokens()
                  + " over "
                  + split.get("calls"));
    }

    @Test
    void chat_routedMultiTurn_routedOnTheLastTurnTheExpertsSeeTheConversation() {
      String question = "Reverse the word cat.";
      ChatCompletion alone =
          sdk.chat().completions().create(routed().addUserMessage(question).build());
      ChatCompletion conversation =
          sdk.chat()
              .completions()
              .create(
                  routed()
                      .addSystemMessage("Answer briefly.")
                      .addUserMessage("Reverse the word dog.")
                      .addAssistantMessage("god")
                      .addUserMessage(question)
                      .build());

      Map<String, JsonValue> withTurns = symposium(conversation._additionalProperties());
      Map<String, JsonValue> without = symposium(alone._additionalProperties());
      // routing saw the last turn alone: the same experts as the question alone
      assertThat(withTurns.get("experts")).isEqualTo(without.get("experts"));
      Map<String, JsonValue> turns = object(withTurns.get("conversation"));
      assertThat(number(turns.get("earlierTurns"))).isEqualTo(3);
      // three short turns fit every zoo context (288 tokens): the experts and the aggregator read
      // them all, so the same calls had longer prompts
      assertThat(number(turns.get("mostDropped"))).isZero();
      assertThat(conversation.usage().orElseThrow().promptTokens())
          .isGreaterThan(alone.usage().orElseThrow().promptTokens());
      assertThat(conversation.choices().getFirst().message().content())
          .get()
          .asString()
          .isNotBlank();
    }

    @Test
    void chat_routedStreamingWithIncludeUsage_chunksThenUsageLast() {
      List<ChatCompletionChunk> chunks;
      try (StreamResponse<ChatCompletionChunk> stream =
          sdk.chat()
              .completions()
              .createStreaming(
                  routed()
                      .addUserMessage("Is 8 even or odd?")
                      .streamOptions(
                          ChatCompletionStreamOptions.builder().includeUsage(true).build())
                      .build())) {
        chunks = stream.stream().toList();
      }
      // the role, at least one piece, the finish with the trace, the usage
      assertThat(chunks).hasSizeGreaterThanOrEqualTo(4);
      ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
      assertThat(finish.choices().getFirst().finishReason()).isPresent();
      assertThat(finish._additionalProperties()).containsKey("symposium");
      ChatCompletionChunk last = chunks.getLast();
      assertThat(last.choices()).isEmpty();
      CompletionUsage usage = last.usage().orElseThrow();
      assertThat(usage.completionTokens()).isPositive();
      // the streamed call's prompt is counted too: the pool's stream ends with the engine's counts
      Map<String, JsonValue> split = object(symposium(finish._additionalProperties()).get("usage"));
      assertThat(split.get("promptsCounted")).isEqualTo(JsonValue.from(true));
      List<JsonValue> calls = array(split.get("calls"));
      assertThat(calls)
          .filteredOn(c -> !object(c).get("cached").equals(JsonValue.from(true)))
          .allMatch(c -> number(object(c).get("promptTokens")) > 0);
      assertThat(usage.promptTokens())
          .isEqualTo(calls.stream().mapToLong(c -> number(object(c).get("promptTokens"))).sum());
      String text =
          chunks.stream()
              .flatMap(c -> c.choices().stream())
              .map(c -> c.delta().content().orElse(""))
              .reduce("", String::concat);
      assertThat(text).isNotBlank();
    }

    @Test
    void completions_routedPrompt_answeredWithUsage() {
      com.openai.models.completions.Completion completion =
          sdk.completions()
              .create(
                  CompletionCreateParams.builder()
                      .model("symposium")
                      .prompt("Reverse the word planet.")
                      .maxTokens(32)
                      .build());
      assertThat(completion.choices().getFirst().text()).isNotBlank();
      assertThat(completion.usage().orElseThrow().totalTokens()).isPositive();
      assertThat(completion._additionalProperties()).containsKey("symposium");
    }

    @Test
    void chat_routedLimitBeyondEveryContext_badRequestContextLengthExceeded() {
      assertThatThrownBy(
              () ->
                  sdk.chat()
                      .completions()
                      .create(
                          routed()
                              .maxCompletionTokens(280)
                              .addUserMessage("Reverse the word cat.")
                              .build()))
          .isInstanceOfSatisfying(
              BadRequestException.class,
              e -> assertThat(e.code()).contains("context_length_exceeded"));
    }
  }
}
