package io.symposium.orchestrator.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.SymposiumApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The served OpenAPI document against the routes the service really registers: every controller
 * route (path and method) must be in it, so a new endpoint cannot go undocumented.
 */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
final class OpenApiDocumentIT {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("symposium.zoo.enabled", () -> "false");
  }

  @LocalServerPort int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> documentedPaths() {
    Map<String, Object> document =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            // the document is built from every controller on its first request
            .responseTimeout(java.time.Duration.ofMinutes(1))
            .build()
            .get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat(document).isNotNull();
    assertThat((String) document.get("openapi")).startsWith("3.");
    return (Map<String, Map<String, Object>>) document.get("paths");
  }

  /** Every route of the service's own controllers, as "METHOD path". */
  List<String> registeredRoutes() {
    List<String> routes = new ArrayList<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (RequestMappingInfo info, org.springframework.web.method.HandlerMethod handler) -> {
              if (!handler.getBeanType().getPackageName().startsWith("io.symposium")) {
                return; // springdoc's own document endpoints
              }
              for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                  // a variable's regex ({page:models|profiles}) is not part of an OpenAPI path
                  routes.add(
                      method.name()
                          + " "
                          + pattern.getPatternString().replaceAll("\\{(\\w+):[^}]*}", "{$1}"));
                }
              }
            });
    return routes;
  }

  @Test
  void document_coversEveryRegisteredRoute() {
    Map<String, Map<String, Object>> paths = documentedPaths();
    List<String> routes = registeredRoutes();

    assertThat(routes)
        .as("the service registers the native, facade, batch and admin routes")
        .contains(
            "POST /v1/query",
            "GET /v1/queries/{id}",
            "POST /v1/chat/completions",
            "POST /v1/batches",
            "GET /admin/api/models");
    List<String> documented = new ArrayList<>();
    paths.forEach(
        (path, operations) ->
            operations
                .keySet()
                .forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));
    assertThat(documented).containsAll(routes);
  }
}
