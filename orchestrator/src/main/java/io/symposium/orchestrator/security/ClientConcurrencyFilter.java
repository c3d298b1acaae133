package io.symposium.orchestrator.security;

import io.symposium.orchestrator.config.ClientLimitProperties;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Caps the queries one client has in flight ({@code POST /v1/query}, {@code /v1/chat/completions},
 * {@code /v1/completions}): past {@code symposium.security.client-concurrency} the next is a 429
 * {@code /problems/concurrency-limit} with {@code retry-after}, while other clients go on. A client
 * is its API key (by hash: no key is kept in memory), else its remote address. A query counts until
 * its response is written, a stream until it ends.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
public class ClientConcurrencyFilter implements WebFilter {

  private static final Set<String> QUERY_PATHS =
      Set.of("/v1/query", "/v1/chat/completions", "/v1/completions");

  private final int limit;
  private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

  public ClientConcurrencyFilter(ClientLimitProperties properties) {
    this.limit = properties.clientConcurrency();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (limit == 0
        || exchange.getRequest().getMethod() != HttpMethod.POST
        || !QUERY_PATHS.contains(exchange.getRequest().getPath().pathWithinApplication().value())) {
      return chain.filter(exchange);
    }
    String client = clientOf(exchange);
    AtomicBoolean admitted = new AtomicBoolean();
    inFlight.compute(
        client,
        (key, n) -> {
          int now = n == null ? 0 : n;
          if (now >= limit) {
            return now;
          }
          admitted.set(true);
          return now + 1;
        });
    if (!admitted.get()) {
      return Mono.error(
          new ApiProblemException(
              ProblemType.CONCURRENCY_LIMIT,
              "This client already has %d queries in flight, the most one client may have; retry once one of them has finished."
                  .formatted(limit),
              Map.of("limit", limit, "retriable", true)));
    }
    return chain.filter(exchange).doFinally(signal -> release(client));
  }

  /** Queries in flight for {@code client} (for tests and diagnostics). */
  int inFlight(String client) {
    return inFlight.getOrDefault(client, 0);
  }

  private void release(String client) {
    inFlight.computeIfPresent(client, (key, n) -> n <= 1 ? null : n - 1);
  }

  static String clientOf(ServerWebExchange exchange) {
    @Nullable String key =
        ApiKeyFilter.bearer(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    if (key != null) {
      return "key:" + HexFormat.of().formatHex(ApiKeys.hash(key));
    }
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    return "address:"
        + (remote == null || remote.getAddress() == null
            ? "unknown"
            : remote.getAddress().getHostAddress());
  }
}
