package io.symposium.orchestrator.admin;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Security's firewall refuses paths with control characters, encoded slashes and the like
 * with a bare 400; this hands the refusal on as a problem, so that the client gets a problem body
 * (OpenAI's error on the facade) like for any other malformed request.
 */
@Component
class FirewallRejections implements ServerExchangeRejectedHandler {

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
    return Mono.error(
        new ApiProblemException(
            ProblemType.MALFORMED_REQUEST,
            "The request was refused: "
                + rejected.getMessage()
                + " (percent-encode a path's text; control characters, encoded slashes and"
                + " encoded percent signs are not accepted)."));
  }
}
