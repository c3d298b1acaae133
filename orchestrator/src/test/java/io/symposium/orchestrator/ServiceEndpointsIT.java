package io.symposium.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The operational endpoints a deployment relies on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
final class ServiceEndpointsIT {

  @LocalServerPort int port;
  WebTestClient http;

  @BeforeEach
  void connect() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
  }

  @Test
  void health_databaseReachable_up() {
    http.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.r2dbc.status")
        .isEqualTo("UP");
  }

  @Test
  void prometheus_scraped_exposesJvmAndHttpMetrics() {
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();
    String text =
        http.get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(text).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds");
  }
}
