package io.symposium.orchestrator.security;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets a request into {@code /v1/**} only with a valid {@code Authorization: Bearer <key>} once any
 * key exists; others get a 401 problem (with OpenAI's error object on the facade, which the error
 * handler's dialect adds). The admin API keeps its own credentials.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class ApiKeyFilter implements WebFilter {

  private final ApiKeys keys;

  public ApiKeyFilter(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!path.equals("/v1") && !path.startsWith("/v1/")) {
      return chain.filter(exchange);
    }
    @Nullable String key =
        bearer(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    return keys.admits(key)
        .onErrorMap(
            e ->
                new ApiProblemException(
                    ProblemType.SERVICE_UNAVAILABLE,
                    "The API keys cannot be checked: the database is unreachable; retry shortly.",
                    Map.of("retriable", true)))
        .flatMap(
            admitted -> {
              if (admitted) {
                return chain.filter(exchange);
              }
              exchange
                  .getResponse()
                  .getHeaders()
                  .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"symposium\"");
              return Mono.error(
                  new ApiProblemException(
                      ProblemType.UNAUTHORIZED,
                      key == null
                          ? "The query API needs an API key: send 'Authorization: Bearer <key>'"
                              + " (keys: symposium.security.api-keys, or POST /admin/api/keys)."
                          : "The API key is not valid: it is unknown or was revoked."));
            });
  }

  /** The key of a {@code Bearer} authorization, or null for none or another scheme. */
  static @Nullable String bearer(@Nullable String authorization) {
    if (authorization == null || authorization.length() <= 7) {
      return null;
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String key = authorization.substring(7).strip();
    return key.isEmpty() ? null : key;
  }
}
