package io.symposium.orchestrator.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.SymposiumApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real service for the fuzz suite: embedded PostgreSQL in a fresh directory, no models and no
 * zoo (so no request can start a generation), the admin API behind known credentials; and the
 * checks every answer must pass.
 */
final class ServiceUnderFuzz implements AutoCloseable {

  static final String ADMIN_PASSWORD = "fuzz-admin";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ConfigurableApplicationContext context;
  private final String base;

  /** One answer: status, content type, header of the routed query ids, body. */
  record Answer(
      int status,
      @Nullable String contentType,
      @Nullable String queryIds,
      byte[] body,
      String request) {

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return JSON.readValue(body, Map.class);
    }
  }

  private ServiceUnderFuzz(ConfigurableApplicationContext context) {
    this.context = context;
    this.base =
        "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  static ServiceUnderFuzz start() throws IOException {
    // under target/ (mvn clean removes it), fresh for each run
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "api-fuzz-it");
    Path models = Files.createDirectories(dir.resolve("models"));
    return new ServiceUnderFuzz(
        new SpringApplicationBuilder(SymposiumApplication.class)
            .run(
                "--server.port=0",
                "--spring.r2dbc.url=",
                "--symposium.db.url=",
                "--symposium.db.embedded.data-dir=" + dir.resolve("pg"),
                "--symposium.zoo.enabled=false",
                "--symposium.pool.model-directories=" + models,
                "--symposium.admin.password=" + ADMIN_PASSWORD,
                "--logging.level.root=WARN"));
  }

  Answer send(String method, String path, byte @Nullable [] body, @Nullable String accept) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    if (path.startsWith("/admin/")) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    String described = method + " " + path + (body == null ? "" : " " + excerpt(body));
    // a connection per request: the JDK client's pooled keep-alive connections stalled now and then
    // on this server (one request in a few hundred, never answered), which neither curl nor a raw
    // socket reusing one connection for the same requests reproduces
    try (HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build()) {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(null),
          response.headers().firstValue("x-symposium-query-id").orElse(null),
          response.body(),
          described);
    } catch (IOException e) {
      throw new AssertionError("no answer to " + described + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * The rule for every answer: a 2xx, or a 4xx with an RFC 9457 problem body (on the facade also
   * OpenAI's {@code error} object); never a 5xx.
   */
  static Answer wellFormed(Answer answer, Dialect dialect) {
    assertThat(answer.status())
        .as("status of %s, answered %s", answer.request(), excerpt(answer.body()))
        .matches(status -> status >= 200 && status < 300 || status >= 400 && status < 500);
    if (answer.status() >= 400) {
      assertThat(answer.contentType())
          .as("content type of the %d to %s", answer.status(), answer.request())
          .startsWith("application/problem+json");
      Map<String, Object> problem = answer.json();
      assertThat(problem)
          .as("problem body of %s", answer.request())
          .containsKeys("type", "title", "detail")
          .containsEntry("status", answer.status());
      if (dialect == Dialect.OPENAI) {
        assertThat(problem.get("error"))
            .as("OpenAI error of %s", answer.request())
            .isInstanceOfSatisfying(
                Map.class,
                error -> {
                  assertThat(error.get("message")).isInstanceOf(String.class);
                  assertThat(error.get("type")).isInstanceOf(String.class);
                });
      }
    }
    return answer;
  }

  /** Which error shape a path's clients read. */
  enum Dialect {
    PROBLEM,
    OPENAI
  }

  /** Percent-encodes every byte but the unreserved ones, so a path segment carries any bytes. */
  static String segment(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%')
            .append("0123456789ABCDEF".charAt(c >> 4))
            .append("0123456789ABCDEF".charAt(c & 15));
      }
    }
    return out.toString();
  }

  static String excerpt(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 400 ? text.substring(0, 400) + "…(" + body.length + " bytes)" : text;
  }

  @Override
  public void close() {
    context.close();
  }
}
