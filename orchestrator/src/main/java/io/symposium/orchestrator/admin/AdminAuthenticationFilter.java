package io.symposium.orchestrator.admin;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets a request into {@code /admin/**} only with the admin's HTTP Basic credentials; others get a
 * 401 problem.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class AdminAuthenticationFilter implements WebFilter {

  private final AdminCredentials credentials;

  public AdminAuthenticationFilter(AdminCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!path.equals("/admin") && !path.startsWith("/admin/")) {
      return chain.filter(exchange);
    }
    String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null && credentials.accepts(authorization)) {
      return chain.filter(exchange);
    }
    exchange
        .getResponse()
        .getHeaders()
        .set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"symposium-admin\", charset=\"UTF-8\"");
    return Mono.error(
        new ApiProblemException(
            ProblemType.UNAUTHORIZED,
            "The admin API needs the admin credentials (HTTP Basic); see symposium.admin.*"));
  }
}
