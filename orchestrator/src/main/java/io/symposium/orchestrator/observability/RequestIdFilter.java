package io.symposium.orchestrator.observability;

import io.micrometer.context.ContextRegistry;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id: the client's {@value #HEADER} when it is sane (1–128 letters, digits,
 * {@code . _ : -}), else a new UUID. The id is on the response, in the exchange's attributes, and
 * in the Reactor context, from which automatic context propagation puts it into the logging MDC
 * ({@value #MDC_KEY}) on whichever thread the request's work runs; the structured log formats write
 * MDC entries as fields.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter implements WebFilter {

  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = "requestId";

  /** The exchange attribute that holds the id, for code outside the filter chain's context. */
  public static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  static {
    // the Reactor context key and the MDC entry are one: restored on every thread hop
    ContextRegistry.getInstance()
        .registerThreadLocalAccessor(
            MDC_KEY, () -> MDC.get(MDC_KEY), id -> MDC.put(MDC_KEY, id), () -> MDC.remove(MDC_KEY));
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String id = idFor(exchange.getRequest().getHeaders().getFirst(HEADER));
    exchange.getResponse().getHeaders().set(HEADER, id);
    exchange.getAttributes().put(ATTRIBUTE, id);
    return chain.filter(exchange).contextWrite(context -> context.put(MDC_KEY, id));
  }

  /** The client's id when it is sane, else a new one. */
  static String idFor(@Nullable String given) {
    return given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
  }

  /** The request id of {@code exchange}, or "-" before the filter ran. */
  public static String of(ServerWebExchange exchange) {
    Object id = exchange.getAttributes().get(ATTRIBUTE);
    return id instanceof String s ? s : "-";
  }
}
