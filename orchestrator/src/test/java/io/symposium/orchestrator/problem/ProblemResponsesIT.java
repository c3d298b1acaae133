package io.symposium.orchestrator.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.SymposiumApplication;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every error path of the HTTP edge answers with an RFC 9457 problem body and no internals. */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProblemResponsesIT.FailingEndpoint.class)
final class ProblemResponsesIT {

  @LocalServerPort int port;
  WebTestClient http;

  @BeforeEach
  void connect() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
  }

  /** A route that fails the way a bug would, to see what a client gets. */
  @TestConfiguration
  @RestController
  static class FailingEndpoint {
    @GetMapping("/test/boom")
    String boom() {
      throw new IllegalStateException("secret internal detail at io.symposium.Secret");
    }
  }

  @Test
  void query_emptyObject_400NamingMissingQuestion() {
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.BAD_REQUEST)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/invalid-request")
        .jsonPath("$.status")
        .isEqualTo(400)
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("question"))
        .jsonPath("$.errors[0].field")
        .isEqualTo("question");
  }

  @Test
  void query_malformedJson_400MalformedRequest() {
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"question\": \"unterminated")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/malformed-request")
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).doesNotContain("io.symposium"));
  }

  @Test
  void query_wrongJsonType_400MalformedRequest() {
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"question\": \"q\", \"k\": \"three\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/malformed-request");
  }

  @Test
  void query_missingBody_400MalformedRequest() {
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/malformed-request");
  }

  @Test
  void query_kOutOfRange_400NamingK() {
    for (int k : new int[] {0, 17}) {
      http.post()
          .uri("/v1/query")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"question\": \"What is 2+2?\", \"k\": " + k + "}")
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("/problems/invalid-request")
          .jsonPath("$.errors[0].field")
          .isEqualTo("k");
    }
  }

  @Test
  void query_questionOver32KiB_400NamingQuestion() {
    // 16,385 two-byte characters: under 32 Ki characters, over 32 KiB of UTF-8
    String question = "é".repeat(16 * 1024 + 1);
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"question\": \"" + question + "\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("question")
        .jsonPath("$.errors[0].message")
        .value(m -> assertThat((String) m).contains("32768"));
  }

  @Test
  void query_unknownStrategy_400NamingStrategy() {
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"question\": \"q\", \"strategy\": \"oracle\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("strategy");
  }

  @Test
  void query_textPlain_415() {
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("What is 2+2?")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/unsupported-media-type");
  }

  @Test
  void unknownRoute_404Problem() {
    http.get()
        .uri("/v1/no-such-thing")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/not-found")
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("/v1/no-such-thing"));
  }

  @Test
  void query_getInsteadOfPost_405Problem() {
    http.get()
        .uri("/v1/query")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/method-not-allowed");
  }

  @Test
  void internalFailure_500WithReferenceAndNoStackTrace() {
    String body =
        http.get()
            .uri("/test/boom")
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body)
        .contains("/problems/internal-error")
        .contains("\"reference\"")
        .doesNotContain("secret")
        .doesNotContain("IllegalStateException")
        .doesNotContain("\tat ");
  }

  @Test
  void queryLookup_notAUuid_400() {
    http.get()
        .uri("/v1/queries/not-a-uuid")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/invalid-request");
  }

  @Test
  void queryLookup_unknownId_404() {
    http.get()
        .uri("/v1/queries/00000000-0000-0000-0000-000000000000")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/not-found");
  }

  // ---- the OpenAI facade: the same errors in OpenAI's shape, with the SDKs' retry header ----

  WebTestClient.BodyContentSpec facadeError(
      WebTestClient.RequestHeadersSpec<?> request, HttpStatus status, String code) {
    return request
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .valueEquals("x-should-retry", "false")
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(code)
        .jsonPath("$.error.type")
        .isEqualTo("invalid_request_error")
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).isNotBlank());
  }

  @Test
  void chatCompletions_malformedJson_400InOpenAiShapeKeepingTheProblemMembers() {
    facadeError(
            http.post()
                .uri("/v1/chat/completions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\": \"symposium\", \"messages\": ["),
            HttpStatus.BAD_REQUEST,
            "malformed_request")
        .jsonPath("$.type")
        .isEqualTo("/problems/malformed-request");
  }

  @Test
  void chatCompletions_noMessages_400NamingTheParam() {
    facadeError(
            http.post()
                .uri("/v1/chat/completions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\": \"symposium\", \"messages\": []}"),
            HttpStatus.BAD_REQUEST,
            "invalid_request")
        .jsonPath("$.error.param")
        .isEqualTo("messages");
  }

  @Test
  void completions_textPlain_415InOpenAiShape() {
    facadeError(
        http.post()
            .uri("/v1/completions")
            .contentType(MediaType.TEXT_PLAIN)
            .bodyValue("What is 2+2?"),
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type");
  }

  @Test
  void facadeUnknownRoutes_404InOpenAiShape() {
    for (String path :
        List.of("/v1/chat/nothing", "/v1/completions/x", "/v1/embeddings", "/v1/models/x/y")) {
      facadeError(http.get().uri(path), HttpStatus.NOT_FOUND, "not_found")
          .jsonPath("$.error.message")
          .value(m -> assertThat((String) m).contains(path));
    }
  }

  @Test
  void models_unknownModel_404ModelNotFound() {
    facadeError(http.get().uri("/v1/models/no-such-model"), HttpStatus.NOT_FOUND, "model_not_found")
        .jsonPath("$.error.param")
        .isEqualTo("model");
  }

  @Test
  void nativeApi_keepsPlainProblemBodies() {
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .doesNotExist("x-should-retry")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/malformed-request")
        .jsonPath("$.error")
        .doesNotExist();
  }
}
