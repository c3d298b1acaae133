package io.symposium.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.models.Model;
import io.symposium.orchestrator.SymposiumApplication;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * API keys against the running service and its own PostgreSQL (embedded here, so that no key
 * outlives the test in a database other tests share): a configured key and keys created and revoked
 * through the admin API, checked with plain HTTP and with the official OpenAI Java SDK.
 */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // the embedded server whatever SYMPOSIUM_DB_URL says (read before the test's own properties)
    args = {
      "--spring.r2dbc.url=",
      "--symposium.db.url=",
      "--symposium.db.embedded.data-dir=target/api-keys-it/pg"
    })
final class ApiKeysIT {

  static final String CONFIGURED = "configured-key-for-ApiKeysIT-0123456789";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("symposium.zoo.enabled", () -> "false");
    registry.add("symposium.admin.password", () -> "keys-admin");
    registry.add("symposium.security.api-keys[0]", () -> CONFIGURED);
  }

  @LocalServerPort int port;
  WebTestClient http;
  WebTestClient admin;

  @BeforeEach
  void connect() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    admin = http.mutate().defaultHeaders(h -> h.setBasicAuth("admin", "keys-admin")).build();
  }

  @Test
  void queryApi_noKey_401WithProblemOnNativeAndOpenAiErrorOnFacade() {
    http.post()
        .uri("/v1/query")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"question\": \"What is 2 + 2?\"}")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"symposium\"")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/unauthorized")
        .jsonPath("$.status")
        .isEqualTo(401)
        .jsonPath("$.error")
        .doesNotExist();
    http.get()
        .uri("/v1/models")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("authentication_error")
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("Authorization: Bearer"));
  }

  @Test
  void queryApi_configuredKey_admitted() {
    http.get()
        .uri("/v1/models")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + CONFIGURED)
        .exchange()
        .expectStatus()
        .isOk();
    // the native API: past the key check, refused only because no profile exists yet
    http.post()
        .uri("/v1/query")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + CONFIGURED)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"question\": \"What is 2 + 2?\"}")
        .exchange()
        .expectStatus()
        .isEqualTo(409);
  }

  @Test
  void createdKey_usedByOpenAiSdk_thenRevoked_refused() {
    Map<String, Object> created =
        admin
            .post()
            .uri("/admin/api/keys")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"name\": \"sdk client\"}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat(created).containsEntry("name", "sdk client").containsKeys("id", "createdAt");
    String key = (String) created.get("key");
    assertThat(key)
        .startsWith("sym-")
        .hasSizeGreaterThan(40)
        .startsWith((String) created.get("prefix"));
    long id = ((Number) created.get("id")).longValue();

    List<Model> models = sdk(key).models().list().data();
    assertThat(models).extracting(Model::id).contains("symposium");
    assertThatThrownBy(() -> sdk(key + "x").models().list())
        .isInstanceOf(UnauthorizedException.class);

    List<Map<String, Object>> listed = listKeys();
    assertThat(listed)
        .filteredOn(k -> ((Number) k.get("id")).longValue() == id)
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k).doesNotContainKey("key").containsEntry("revokedAt", null);
              assertThat(k.get("lastUsedAt")).as("set by the SDK's request").isNotNull();
              assertThat(k.keySet())
                  .containsExactlyInAnyOrder(
                      "id", "name", "prefix", "createdAt", "lastUsedAt", "revokedAt");
            });

    admin.delete().uri("/admin/api/keys/" + id).exchange().expectStatus().isNoContent();
    assertThatThrownBy(() -> sdk(key).models().list()).isInstanceOf(UnauthorizedException.class);
    assertThat(listKeys())
        .filteredOn(k -> ((Number) k.get("id")).longValue() == id)
        .singleElement()
        .satisfies(k -> assertThat(k.get("revokedAt")).isNotNull());
  }

  @Test
  void adminKeys_badInput_problems() {
    admin
        .post()
        .uri("/admin/api/keys")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\": \" \"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("/problems/invalid-request");
    admin.delete().uri("/admin/api/keys/987654").exchange().expectStatus().isNotFound();
    http.get().uri("/admin/api/keys").exchange().expectStatus().isUnauthorized();
  }

  private List<Map<String, Object>> listKeys() {
    return admin
        .get()
        .uri("/admin/api/keys")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .returnResult()
        .getResponseBody();
  }

  private OpenAIClient sdk(String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://localhost:" + port + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .build();
  }
}
