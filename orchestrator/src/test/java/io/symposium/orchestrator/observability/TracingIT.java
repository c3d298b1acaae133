package io.symposium.orchestrator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.symposium.orchestrator.SymposiumApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With an OTLP endpoint configured, the service's spans reach it over OTLP/HTTP, in the trace the
 * client's {@code traceparent} started. The endpoint here is a plain HTTP server in the test that
 * keeps every body it is sent.
 */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "symposium.zoo.enabled=false",
      "management.tracing.sampling.probability=1.0",
      "management.opentelemetry.tracing.export.schedule-delay=100ms"
    })
final class TracingIT {

  static final LinkedBlockingQueue<byte[]> RECEIVED = new LinkedBlockingQueue<>();
  static final HttpServer COLLECTOR;

  static {
    try {
      COLLECTOR = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
    COLLECTOR.createContext(
        "/v1/traces",
        exchange -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          exchange.getRequestBody().transferTo(body);
          RECEIVED.add(body.toByteArray());
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    COLLECTOR.start();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add(
        "management.opentelemetry.tracing.export.otlp.endpoint",
        () -> "http://127.0.0.1:" + COLLECTOR.getAddress().getPort() + "/v1/traces");
  }

  @AfterAll
  static void stopCollector() {
    COLLECTOR.stop(0);
  }

  @LocalServerPort int port;

  @Test
  void request_withTraceparent_spanExportedInThatTrace() throws InterruptedException {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .build()
        .get()
        .uri("/v1/models")
        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
        .exchange()
        .expectStatus()
        .isOk();
    byte[] wanted = HexFormat.of().parseHex(traceId);
    boolean found = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!found && System.nanoTime() < deadline) {
      byte[] batch = RECEIVED.poll(1, TimeUnit.SECONDS);
      found = batch != null && contains(batch, wanted);
    }
    assertThat(found).as("an exported span of trace %s", traceId).isTrue();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
