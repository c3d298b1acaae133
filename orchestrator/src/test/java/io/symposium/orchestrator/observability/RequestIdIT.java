package io.symposium.orchestrator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.symposium.orchestrator.SymposiumApplication;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every response carries {@code X-Request-Id} (the client's when sane), errors included, and the id
 * is in the logging MDC on the threads the request's work hops to.
 */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"symposium.zoo.enabled=false", "symposium.admin.password=ids"})
@Import(RequestIdIT.MdcProbe.class)
final class RequestIdIT {

  /** Reads the MDC after a hop to another scheduler, as the service's own work does. */
  @TestConfiguration
  @RestController
  static class MdcProbe {
    @GetMapping("/test/mdc")
    Mono<String> mdc() {
      return Mono.delay(Duration.ofMillis(5), Schedulers.parallel())
          .publishOn(Schedulers.boundedElastic())
          .map(tick -> String.valueOf(MDC.get(RequestIdFilter.MDC_KEY)));
    }
  }

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  WebTestClient http;

  @BeforeEach
  void connect() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
  }

  @Test
  void response_saneClientId_echoedAndInTheMdcAcrossThreads() {
    String body =
        http.get()
            .uri("/test/mdc")
            .header(RequestIdFilter.HEADER, "client-42:a.b_c")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals(RequestIdFilter.HEADER, "client-42:a.b_c")
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body).isEqualTo("client-42:a.b_c");
  }

  @Test
  void response_noOrInsaneId_newUuid() {
    for (String given : new String[] {null, "has space", "x".repeat(129), "a;b"}) {
      var spec = http.get().uri("/v1/models");
      if (given != null) {
        spec = spec.header(RequestIdFilter.HEADER, given);
      }
      String id =
          spec.exchange()
              .expectStatus()
              .isOk()
              .returnResult(String.class)
              .getResponseHeaders()
              .getFirst(RequestIdFilter.HEADER);
      assertThat(id)
          .as("for %s", given)
          .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
  }

  @Test
  void tracing_noOtlpEndpointConfigured_noExporter() {
    assertThat(context.getBeansOfType(OtlpHttpSpanExporter.class)).isEmpty();
    assertThat(context.getBeansOfType(OtlpGrpcSpanExporter.class)).isEmpty();
  }

  @Test
  void errorResponses_carryTheId() {
    http.get()
        .uri("/no/such/route")
        .header(RequestIdFilter.HEADER, "r-404")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .valueEquals(RequestIdFilter.HEADER, "r-404");
    http.get()
        .uri("/admin/api/models")
        .header(RequestIdFilter.HEADER, "r-401")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(RequestIdFilter.HEADER, "r-401");
    http.post()
        .uri("/v1/query")
        .header(RequestIdFilter.HEADER, "r-400")
        .header("Content-Type", "application/json")
        .bodyValue("{\"question\": 12")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .valueEquals(RequestIdFilter.HEADER, "r-400");
  }
}
