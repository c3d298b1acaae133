package io.symposium.orchestrator.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.SymposiumApplication;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The query knobs through the running service, with a native sparse-MoE expert (a {@code qwen3moe}
 * file with random weights, 4 experts, 2 per token in its file, and Qwen3's chat template, through
 * which the pipeline's prompts and facade chats reach it) on llama.cpp, routed by imported
 * profiles.
 */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
final class QueryKnobsIT {

  static final Path MODELS;

  static {
    try {
      MODELS = Files.createTempDirectory("symposium-knobs");
      GgufModels.qwen3Moe(ModelShape.tinyMoe()).seed(7).writeTo(MODELS.resolve("moe.gguf"));
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("symposium.admin.password", () -> "pw");
    registry.add("symposium.pool.model-directories", MODELS::toString);
    registry.add("symposium.models[0].id", () -> "moe-expert");
    registry.add("symposium.models[0].path", () -> MODELS.resolve("moe.gguf").toString());
    registry.add("symposium.models[0].context-size", () -> "256");
    registry.add("symposium.models[0].threads", () -> "1");
  }

  @LocalServerPort int port;
  WebTestClient client;
  WebTestClient admin;
  String task;

  @BeforeEach
  void connect() {
    client =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .responseTimeout(Duration.ofMinutes(2))
            .build();
    admin = client.mutate().defaultHeaders(h -> h.setBasicAuth("admin", "pw")).build();
    task = "knobs-" + UUID.randomUUID().toString().substring(0, 8);
    admin
        .post()
        .uri("/admin/api/profiles/import")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"task\": \"" + task + "\", \"profiles\": {\"moe-expert\": {\"arithmetic\": 2}}}")
        .exchange()
        .expectStatus()
        .isCreated();
  }

  Map<String, Object> query(String knobs) {
    return client
        .post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"question\": \"What is 2 + 2?\", \"task\": \""
                + task
                + "\", \"k\": 1, \"maxTokens\": 4, "
                + knobs
                + "}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  @Test
  @SuppressWarnings("unchecked")
  void moeExpert_twoActiveExpertCounts_twoInstancesInTheQueueView() {
    Map<String, Object> one = query("\"deterministic\": true, \"activeExperts\": 1");
    Map<String, Object> three = query("\"topP\": 0.9, \"activeExperts\": 3, \"maxExpertCalls\": 2");

    assertThat((Map<String, Object>) one.get("knobs"))
        .containsEntry("deterministic", true)
        .containsEntry("activeExperts", 1);
    assertThat((Map<String, Object>) three.get("knobs"))
        .containsEntry("topP", 0.9)
        .containsEntry("maxExpertCalls", 2);
    client
        .get()
        .uri("/v1/queries/" + one.get("id"))
        .exchange()
        .expectBody()
        .jsonPath("$.knobs.activeExperts")
        .isEqualTo(1)
        .jsonPath("$.knobs.deterministic")
        .isEqualTo(true);
    List<Map<String, Object>> experts = (List<Map<String, Object>>) three.get("experts");
    assertThat(experts)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .containsEntry("model", "moe-expert")
                    .containsEntry("status", "ANSWERED")
                    .containsEntry("activeExperts", 3));

    Map<String, Object> queues =
        admin
            .get()
            .uri("/admin/api/pool/queues")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat(queues).containsKeys("serving", "loading", "queues", "loadHistory");
    List<Map<String, Object>> instances =
        ((Map<String, List<Map<String, Object>>>) queues.get("instances")).get("moe-expert");
    assertThat(instances)
        .extracting(i -> i.get("id"), i -> i.get("activeExperts"), i -> i.get("answered"))
        .contains(
            org.assertj.core.groups.Tuple.tuple("moe-expert.k1", 1, 1),
            org.assertj.core.groups.Tuple.tuple("moe-expert.k3", 3, 1));
  }

  @Test
  @SuppressWarnings("unchecked")
  void facade_chatToTheExpert_isRenderedWithItsChatTemplate() {
    Map<String, Object> chat =
        post(
            "/v1/chat/completions",
            "{\"model\": \"moe-expert\", \"max_tokens\": 4, \"temperature\": 0, \"messages\": ["
                + "{\"role\": \"system\", \"content\": \"Be brief.\"},"
                + " {\"role\": \"user\", \"content\": \"Hi\"}]}");
    // the same prompt as Qwen3's template writes it, completed as it is
    Map<String, Object> raw =
        post(
            "/v1/completions",
            "{\"model\": \"moe-expert\", \"max_tokens\": 4, \"prompt\": \"<|im_start|>system\\n"
                + "Be brief.<|im_end|>\\n"
                + "<|im_start|>user\\n"
                + "Hi<|im_end|>\\n"
                + "<|im_start|>assistant\\n"
                + "\"}");

    Map<String, Object> chatUsage = (Map<String, Object>) chat.get("usage");
    assertThat(chatUsage.get("prompt_tokens"))
        .isEqualTo(((Map<String, Object>) raw.get("usage")).get("prompt_tokens"));
    assertThat((Integer) chatUsage.get("completion_tokens")).isPositive();
    Map<String, Object> message =
        (Map<String, Object>)
            ((List<Map<String, Object>>) chat.get("choices")).getFirst().get("message");
    assertThat(message.get("content"))
        .isEqualTo(((List<Map<String, Object>>) raw.get("choices")).getFirst().get("text"));
  }

  Map<String, Object> post(String uri, String body) {
    return client
        .post()
        .uri(uri)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  @Test
  void facade_directCallWithActiveExperts_runsOnThatInstance_routingKnobsAre400() {
    client
        .post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"model\": \"moe-expert\", \"max_tokens\": 3, \"messages\": [{\"role\": \"user\","
                + " \"content\": \"Hi\"}], \"symposium\": {\"active_experts\": 4}}")
        .exchange()
        .expectStatus()
        .isOk();
    client
        .post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"model\": \"moe-expert\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}],"
                + " \"symposium\": {\"routing_top_p\": 0.5}}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("apply to the model 'symposium' only"));
    // the model has 4 experts per layer: the pool refuses a fifth
    client
        .post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"model\": \"moe-expert\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}],"
                + " \"symposium\": {\"active_experts\": 5}}")
        .exchange()
        .expectStatus()
        .isEqualTo(422);
    admin
        .get()
        .uri("/admin/api/pool/queues")
        .exchange()
        .expectBody()
        .jsonPath("$.instances['moe-expert'][?(@.id == 'moe-expert.k4')].answered")
        .isEqualTo(List.of(1));
  }

  @Test
  void nonsenseCombinations_are400_withTheReason() {
    client
        .post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"question\": \"2 + 2?\", \"task\": \""
                + task
                + "\", \"topP\": 0.5, \"deterministic\": true}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("topP and deterministic do not combine"));
    client
        .post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"question\": \"2 + 2?\", \"topP\": 1.5, \"activeExperts\": 0}")
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void explanation_showsTheKnobs() {
    admin
        .post()
        .uri("/admin/api/route/explain")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"question\": \"2 + 2?\", \"task\": \""
                + task
                + "\", \"k\": 1, \"deterministic\": true}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.knobs.deterministic")
        .isEqualTo(true)
        .jsonPath("$.routing.experts[0]")
        .isEqualTo("moe-expert");
  }
}
