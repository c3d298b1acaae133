package io.symposium.orchestrator.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 document springdoc builds from the controllers, served at {@code GET /v3/api-docs}
 * (JSON) and {@code /v3/api-docs.yaml}: the native API ({@code /v1/query}, the query log), the
 * OpenAI-compatible facade and batch API, and the admin API (HTTP Basic). {@code OpenApiDocumentIT}
 * fails when a route the service registers is missing from it.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

  static final String ADMIN_AUTH = "admin-basic";

  @Bean
  OpenAPI symposiumApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Symposium")
                .version("v1")
                .description(
                    "Skill-routed multi-LLM service: the native query API, an OpenAI-compatible"
                        + " facade (chat, completions, models, files and batches) and the admin"
                        + " API under /admin/api (HTTP Basic). Errors are RFC 9457 problem"
                        + " bodies; on the facade they also carry OpenAI's error object."))
        .components(
            new Components()
                .addSecuritySchemes(
                    ADMIN_AUTH,
                    new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")));
  }
}
