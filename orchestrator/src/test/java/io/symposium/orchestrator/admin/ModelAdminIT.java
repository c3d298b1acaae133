package io.symposium.orchestrator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.SymposiumApplication;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The admin model API against the real pool, real GGUF files and PostgreSQL. */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
final class ModelAdminIT {

  static final Path MODELS;
  static final Path OUTSIDE;

  static {
    try {
      MODELS = Files.createTempDirectory("symposium-models");
      OUTSIDE = Files.createTempDirectory("symposium-elsewhere");
      GgufModels.writeRandom(
          MODELS.resolve("tiny.gguf"), ModelShape.tinyDense(), WeightType.F32, 1);
      GgufModels.writeRandom(
          OUTSIDE.resolve("stray.gguf"), ModelShape.tinyDense(), WeightType.F32, 2);
      GgufModels.writeRandom(
          MODELS.resolve("big.gguf"), ModelShape.dense(256, 4, 4, 1024, 4096), WeightType.F32, 3);
      Files.writeString(MODELS.resolve("corrupt.gguf"), "GGUF this is not a model");
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("symposium.pool.model-directories", MODELS::toString);
    registry.add("symposium.pool.memory-budget", () -> "24MB");
    registry.add("symposium.admin.password", () -> "s3cret");
    registry.add("symposium.zoo.enabled", () -> "false");
  }

  @LocalServerPort int port;
  WebTestClient http;
  WebTestClient admin;

  @BeforeEach
  void connect() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    admin = http.mutate().defaultHeaders(h -> h.setBasicAuth("admin", "s3cret")).build();
  }

  WebTestClient.ResponseSpec add(String json) {
    return admin
        .post()
        .uri("/admin/api/models")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json)
        .exchange();
  }

  @Test
  void models_noCredentials_401ProblemWithChallenge() {
    http.get()
        .uri("/admin/api/models")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueMatches("WWW-Authenticate", "Basic realm=.*")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/unauthorized");
  }

  @Test
  void models_wrongPassword_401() {
    http.get()
        .uri("/admin/api/models")
        .headers(h -> h.setBasicAuth("admin", "guess"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void add_fileOutsideModelDirectories_422() {
    add("{\"id\": \"stray\", \"path\": \"" + OUTSIDE.resolve("stray.gguf") + "\"}")
        .expectStatus()
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/model-rejected")
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("outside the model directories"));
  }

  @Test
  void add_corruptGguf_422NamingTheProblem() {
    add("{\"id\": \"corrupt\", \"path\": \"" + MODELS.resolve("corrupt.gguf") + "\"}")
        .expectStatus()
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("corrupt.gguf"));
  }

  @Test
  void add_largerThanWholeBudget_422() {
    add("{\"id\": \"big\", \"path\": \"" + MODELS.resolve("big.gguf") + "\"}")
        .expectStatus()
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("budget"));
  }

  @Test
  void add_unknownBackend_400() {
    add("{\"id\": \"x\", \"backend\": \"telepathy\", \"path\": \""
            + MODELS.resolve("tiny.gguf")
            + "\"}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("telepathy"));
  }

  @Test
  void remove_unknownModel_404UnknownModel() {
    admin
        .delete()
        .uri("/admin/api/models/ghost")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/unknown-model");
  }

  @Test
  void addPinListRemove_validModel_roundTrip() {
    add("{\"id\": \"tiny-admin\", \"path\": \""
            + MODELS.resolve("tiny.gguf")
            + "\", \"contextSize\": 128, \"parallelSlots\": 2}")
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo("tiny-admin")
        .jsonPath("$.resident")
        .isEqualTo(false)
        .jsonPath("$.footprintBytes")
        .value(b -> assertThat(((Number) b).longValue()).isGreaterThan(100_000))
        .jsonPath("$.fileBytes")
        .isEqualTo(size(MODELS.resolve("tiny.gguf")))
        .jsonPath("$.moe")
        .doesNotExist()
        .jsonPath("$.stats.loads")
        .isEqualTo(0)
        .jsonPath("$.stats.workerRestarts")
        .isEqualTo(0);
    add("{\"id\": \"tiny-admin\", \"path\": \"" + MODELS.resolve("tiny.gguf") + "\"}")
        .expectStatus()
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
    admin
        .post()
        .uri("/admin/api/models/tiny-admin/pin")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"pinned\": true}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.pinned")
        .isEqualTo(true);
    admin
        .get()
        .uri("/admin/api/models")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[?(@.id == 'tiny-admin')].pinned")
        .isEqualTo(true);
    admin
        .get()
        .uri("/admin/api/pool/queues")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.loading")
        .isArray()
        .jsonPath("$.queues")
        .isMap()
        .jsonPath("$.loadHistory")
        .isArray()
        .jsonPath("$.loads")
        .isArray();
    admin
        .get()
        .uri("/admin/api/pool/stats")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.memoryBudgetBytes")
        .isEqualTo(24L << 20)
        .jsonPath("$.loadsSaved")
        .isEqualTo(0);
    admin.delete().uri("/admin/api/models/tiny-admin").exchange().expectStatus().isNoContent();
    admin
        .get()
        .uri("/admin/api/models")
        .exchange()
        .expectBody()
        .jsonPath("$[?(@.id == 'tiny-admin')]")
        .isEmpty();
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void webUi_formLoginAndSession_unsafeRequestsNeedTheCsrfToken() {
    var login =
        http.get()
            .uri("/admin/login")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult();
    String session = login.getResponseCookies().getFirst("SESSION").getValue();
    String html = login.getResponseBody();
    var token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(token.find()).as("the login form carries a CSRF token").isTrue();
    // without the token the form is refused
    http.post()
        .uri("/admin/login")
        .cookie("SESSION", session)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .bodyValue("username=admin&password=s3cret")
        .exchange()
        .expectStatus()
        .isForbidden();
    var signedIn =
        http.post()
            .uri("/admin/login")
            .cookie("SESSION", session)
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .bodyValue("username=admin&password=s3cret&_csrf=" + token.group(1))
            .exchange()
            .expectStatus()
            .isFound()
            .expectHeader()
            .location("/admin/")
            .returnResult(Void.class);
    String newSession = signedIn.getResponseCookies().getFirst("SESSION").getValue();
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> facts =
        (java.util.Map<String, Object>)
            http.get()
                .uri("/admin/session")
                .cookie("SESSION", newSession)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(java.util.Map.class)
                .returnResult()
                .getResponseBody();
    assertThat(facts).containsEntry("username", "admin");
    java.util.Map<?, ?> csrf = (java.util.Map<?, ?>) facts.get("csrf");
    // the session reads; an unsafe request needs the token
    http.get()
        .uri("/admin/api/models")
        .cookie("SESSION", newSession)
        .exchange()
        .expectStatus()
        .isOk();
    http.post()
        .uri("/admin/api/models/nobody/pin")
        .cookie("SESSION", newSession)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"pinned\": true}")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/forbidden");
    http.post()
        .uri("/admin/api/models/nobody/pin")
        .cookie("SESSION", newSession)
        .header((String) csrf.get("headerName"), (String) csrf.get("token"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"pinned\": true}")
        .exchange()
        .expectStatus()
        .isNotFound(); // past the CSRF check: there is no model 'nobody'
    // signing out ends the session
    http.post()
        .uri("/admin/logout")
        .cookie("SESSION", newSession)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .bodyValue("_csrf=" + csrf.get("token"))
        .exchange()
        .expectStatus()
        .isFound()
        .expectHeader()
        .location("/admin/login?logout");
    http.get()
        .uri("/admin/api/models")
        .cookie("SESSION", newSession)
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void browser_neverGetsABasicChallenge() {
    http.get()
        .uri("/admin/api/models")
        .accept(MediaType.TEXT_HTML)
        .exchange()
        .expectStatus()
        .isFound()
        .expectHeader()
        .location("/admin/login");
    http.get()
        .uri("/admin/api/models")
        .header("X-Requested-With", "XMLHttpRequest")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .doesNotExist("WWW-Authenticate");
    http.get().uri("/admin/models").exchange().expectStatus().isFound();
  }

  @Test
  void outsideAdmin_noSecurityAtAll() {
    http.get()
        .uri("/v1/models")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .doesNotExist("X-Frame-Options")
        .expectHeader()
        .doesNotExist("Set-Cookie");
    http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }
}
