package io.symposium.orchestrator.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.SymposiumApplication;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A valid question is in the query log before the client gets an answer (here: a 409, no profile
 * yet), and stays there across a restart.
 */
final class QueryLogIT {

  @TempDir Path dataDir;

  @Test
  void query_valid_loggedAndStillThereAfterRestart() {
    String id;
    try (var service = start()) {
      Map<String, Object> problem =
          client(service)
              .post()
              .uri("/v1/query")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(
                  "{\"question\": \"Which capital does Zorvania have?\", \"k\": 2, \"seed\": 7}")
              .exchange()
              .expectStatus()
              .isEqualTo(HttpStatus.CONFLICT) // no skill profile in this fresh database
              .expectHeader()
              .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
              .expectBody(
                  new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
              .returnResult()
              .getResponseBody();
      assertThat(problem).containsEntry("type", "/problems/conflict").containsKey("queryId");
      id = (String) problem.get("queryId");
    }

    try (var restarted = start()) {
      client(restarted)
          .get()
          .uri("/v1/queries/" + id)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.id")
          .isEqualTo(id)
          .jsonPath("$.question")
          .isEqualTo("Which capital does Zorvania have?")
          .jsonPath("$.k")
          .isEqualTo(2)
          .jsonPath("$.seed")
          .isEqualTo(7)
          .jsonPath("$.status")
          .isEqualTo("FAILED")
          .jsonPath("$.completedAt")
          .isNotEmpty();
    }
  }

  /**
   * The service on its embedded defaults, with its data in this test's directory (a configured
   * server is ignored).
   */
  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(SymposiumApplication.class)
        .run(
            "--server.port=0",
            "--spring.r2dbc.url=",
            "--symposium.db.url=",
            "--symposium.db.embedded.data-dir=" + dataDir.resolve("pg"));
  }

  private static WebTestClient client(ConfigurableApplicationContext service) {
    int port = ((WebServerApplicationContext) service).getWebServer().getPort();
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
  }
}
