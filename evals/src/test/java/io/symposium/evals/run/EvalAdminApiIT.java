package io.symposium.evals.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.SymposiumApplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service's eval API end to end: the service (orchestrator) starts this module's CLI as a child
 * JVM on this test's class path, the child runs a tiny zoo eval through llama.cpp and stores it in
 * the service's PostgreSQL, and the API serves its progress, accuracy and report.
 */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EvalAdminApiIT {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("symposium.admin.password", () -> "s3cret");
    registry.add("symposium.zoo.directory", () -> "zoo/models");
    registry.add("symposium.evals.classpath", () -> System.getProperty("java.class.path"));
  }

  @LocalServerPort int port;

  WebTestClient admin() {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofMinutes(10))
        .defaultHeaders(h -> h.setBasicAuth("admin", "s3cret"))
        .build();
  }

  WebTestClient.ResponseSpec post(String json) {
    return admin()
        .post()
        .uri("/admin/api/evals")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json)
        .exchange();
  }

  @Test
  void serverMode_runsOnTheService_andWritesItsReport(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path out) throws Exception {
    String[] args = {
      "--server",
      "http://localhost:" + port,
      "--user",
      "admin",
      "--password",
      "s3cret",
      "--dataset",
      "zoo",
      "--methods",
      "task-best",
      "--seeds",
      "0",
      "--limit",
      "1",
      "--out",
      out.toString()
    };
    java.util.List<String> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.nio.file.Path report =
        ServerRun.run(
            EvalArguments.target(args),
            EvalArguments.serverRequest(args),
            (phase, done, total) -> phases.add(phase));
    assertThat(java.nio.file.Files.readString(report)).contains("<html");
    assertThat(java.nio.file.Files.readString(out.resolve("run.json"))).contains("\"done\"");
    assertThat(phases).isNotEmpty();
  }

  @Test
  void badBodies_400Problems() {
    for (String body :
        List.of(
            "{\"dataset\":\"/etc/passwd\"}",
            "{\"methods\":[]}",
            "{\"seeds\":[-1]}",
            "{\"limit\":0}",
            "{\"methods\":[\"no such; rm\"]}",
            "{\"limit\":\"many\"}",
            "not json"))
      post(body)
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo(400);
  }

  @Test
  void tinyRun_202_eventsReachDone_accuracyReportListAndItems() {
    String body =
        "{\"dataset\":\"zoo\",\"methods\":[\"coe\",\"task-best\"],\"seeds\":[0],\"limit\":1,"
            + "\"profileLimit\":1,\"naiveItems\":0}";
    Map<?, ?> started =
        post(body)
            .expectStatus()
            .isAccepted()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    String id = String.valueOf(started.get("id"));

    // one run at a time
    post(body).expectStatus().isEqualTo(409).expectBody().jsonPath("$.running").isEqualTo(id);

    List<ServerSentEvent<Map<String, Object>>> events =
        admin()
            .get()
            .uri("/admin/api/evals/{id}/events", id)
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {})
            .getResponseBody()
            .collectList()
            .block(Duration.ofMinutes(10));
    assertThat(events).isNotEmpty();
    ServerSentEvent<Map<String, Object>> last = events.getLast();
    assertThat(last.event()).as("last event %s", last.data()).isEqualTo("done");
    assertThat(events).anyMatch(e -> "progress".equals(e.event()));

    admin()
        .get()
        .uri("/admin/api/evals/{id}", id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("done")
        .jsonPath("$.methods[?(@.label == 'task-best')].accuracy")
        .exists()
        .jsonPath("$.methods[0].accuracy")
        .isNumber()
        .jsonPath("$.items")
        .value(n -> assertThat(((Number) n).longValue()).isGreaterThanOrEqualTo(2 * 19));

    String html =
        admin()
            .get()
            .uri("/admin/api/evals/{id}/report", id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_HTML)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(html).contains("<html").contains("data:image/png;base64");

    admin()
        .get()
        .uri("/admin/api/evals?limit=5")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].id")
        .isEqualTo(id);

    admin()
        .get()
        .uri("/admin/api/evals/00000000-0000-0000-0000-000000000000/report")
        .exchange()
        .expectStatus()
        .isNotFound();
  }
}
