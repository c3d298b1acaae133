package io.symposium.orchestrator.profiles;

import io.symposium.orchestrator.SymposiumApplication;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Profile import/export in the reference format, versions and activation, on a real PostgreSQL. */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "symposium.admin.password=pw")
final class ProfileAdminIT {

  @LocalServerPort int port;
  WebTestClient admin;
  String task;

  @BeforeEach
  void connect() {
    admin =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .defaultHeaders(h -> h.setBasicAuth("admin", "pw"))
            .build();
    task = "task-" + UUID.randomUUID().toString().substring(0, 8);
  }

  long importProfiles(String json) {
    Map<String, Object> stored =
        admin
            .post()
            .uri("/admin/api/profiles/import")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(json)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    return ((Number) stored.get("id")).longValue();
  }

  @Test
  void importExport_referenceFormat_roundTripsExactly() {
    long id =
        importProfiles(
            "{\"task\": \""
                + task
                + "\", \"profiles\": {\"m1\": {\"algebra\": 3, \"history\": -2}, \"m2\":"
                + " {\"algebra\": -1}}}");
    admin
        .get()
        .uri("/admin/api/profiles/" + id + "/export")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.m1.algebra")
        .isEqualTo(3)
        .jsonPath("$.m1.history")
        .isEqualTo(-2)
        .jsonPath("$.m2.algebra")
        .isEqualTo(-1);
  }

  @Test
  void secondImport_becomesActiveVersion2_firstDeactivated() {
    long first = importProfiles("{\"task\": \"" + task + "\", \"profiles\": {\"m1\": {\"a\": 1}}}");
    long second =
        importProfiles("{\"task\": \"" + task + "\", \"profiles\": {\"m1\": {\"a\": 2}}}");
    admin
        .get()
        .uri("/admin/api/profiles?task=" + task)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.active.id")
        .isEqualTo(second)
        .jsonPath("$.active.version")
        .isEqualTo(2)
        .jsonPath("$.active.scores.m1.a")
        .isEqualTo(2);
    admin
        .post()
        .uri("/admin/api/profiles/" + first + "/activate")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.active")
        .isEqualTo(true);
    admin
        .get()
        .uri("/admin/api/profiles?task=" + task)
        .exchange()
        .expectBody()
        .jsonPath("$.active.id")
        .isEqualTo(first);
  }

  @Test
  void import_emptyProfiles_400() {
    admin
        .post()
        .uri("/admin/api/profiles/import")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"task\": \"t\", \"profiles\": {}}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("profiles");
  }

  @Test
  void import_nonIntegerScore_400Malformed() {
    admin
        .post()
        .uri("/admin/api/profiles/import")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"task\": \"t\", \"profiles\": {\"m\": {\"k\": \"high\"}}}")
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void export_unknownVersion_404() {
    admin.get().uri("/admin/api/profiles/999999/export").exchange().expectStatus().isNotFound();
  }
}
