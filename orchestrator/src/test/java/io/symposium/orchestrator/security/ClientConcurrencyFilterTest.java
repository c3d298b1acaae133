package io.symposium.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.config.ClientLimitProperties;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The per-client limit's counting, with a filter chain that finishes when the test says so. */
final class ClientConcurrencyFilterTest {

  final ClientConcurrencyFilter filter = new ClientConcurrencyFilter(new ClientLimitProperties(2));

  @Test
  void filter_overTheLimit_429ForThatClientOnly_andFreedWhenOneFinishes() {
    Sinks.Empty<Void> first = Sinks.empty();
    Sinks.Empty<Void> second = Sinks.empty();
    var a1 = filter.filter(query("10.0.0.1", null), e -> first.asMono()).subscribe();
    var a2 = filter.filter(query("10.0.0.1", null), e -> second.asMono()).subscribe();

    StepVerifier.create(filter.filter(query("10.0.0.1", null), e -> Mono.empty()))
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        ApiProblemException.class,
                        p -> {
                          assertThat(p.type()).isEqualTo(ProblemType.CONCURRENCY_LIMIT);
                          assertThat(p.type().status().value()).isEqualTo(429);
                          assertThat(p.properties()).containsEntry("retriable", true);
                        }))
        .verify();
    // another address, and the same address with an API key, are other clients
    StepVerifier.create(filter.filter(query("10.0.0.2", null), e -> Mono.empty())).verifyComplete();
    StepVerifier.create(filter.filter(query("10.0.0.1", "sym-k"), e -> Mono.empty()))
        .verifyComplete();

    first.tryEmitEmpty();
    StepVerifier.create(filter.filter(query("10.0.0.1", null), e -> Mono.empty())).verifyComplete();
    second.tryEmitEmpty();
    assertThat(filter.inFlight("address:10.0.0.1")).isZero();
    a1.dispose();
    a2.dispose();
  }

  @Test
  void filter_cancelledQuery_released() {
    var pending = filter.filter(query("10.0.0.3", null), e -> Mono.never()).subscribe();
    assertThat(filter.inFlight("address:10.0.0.3")).isEqualTo(1);
    pending.dispose(); // the client went away
    assertThat(filter.inFlight("address:10.0.0.3")).isZero();
  }

  @Test
  void filter_readsAndOtherPaths_notCounted() {
    Sinks.Empty<Void> held = Sinks.empty();
    for (int i = 0; i < 5; i++) {
      filter
          .filter(
              MockServerWebExchange.from(
                  MockServerHttpRequest.get("/v1/queries/x")
                      .remoteAddress(new InetSocketAddress("10.0.0.4", 1))),
              e -> held.asMono())
          .subscribe();
    }
    assertThat(filter.inFlight("address:10.0.0.4")).isZero();
  }

  private static ServerWebExchange query(String address, String key) {
    var request =
        MockServerHttpRequest.post("/v1/chat/completions")
            .remoteAddress(new InetSocketAddress(address, 40000));
    if (key != null) {
      request = request.header("Authorization", "Bearer " + key);
    }
    return MockServerWebExchange.from(request);
  }
}
