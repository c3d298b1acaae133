package io.symposium.orchestrator.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.pool.QueueFullException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * {@code retry-after} follows a full queue's expected wait; other retriable problems keep theirs.
 */
final class RetryAfterTest {

  @Test
  void queueFull_estimatedWait_retryAfterRoundedUpSeconds() {
    assertThat(
            retryAfter(new QueueFullException("m", 256).withEstimatedWait(Duration.ofMillis(4200))))
        .isEqualTo("5");
    assertThat(
            retryAfter(new QueueFullException("m", 256).withEstimatedWait(Duration.ofMillis(10))))
        .isEqualTo("1");
    assertThat(retryAfter(new QueueFullException("m", 256).withEstimatedWait(Duration.ofHours(5))))
        .isEqualTo("3600");
  }

  @Test
  void queueFull_noEstimate_oneSecond() {
    assertThat(retryAfter(new QueueFullException("m", 256))).isEqualTo("1");
  }

  @Test
  void concurrencyLimitAndUnavailable_statusDefaults() {
    HttpHeaders headers = new HttpHeaders();
    Problems.adapt(
        Problems.of(ProblemType.CONCURRENCY_LIMIT, "busy"),
        headers,
        MockServerHttpRequest.post("/v1/query").build(),
        List.of());
    assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    HttpHeaders down = new HttpHeaders();
    Problems.adapt(
        Problems.of(ProblemType.BACKEND_UNAVAILABLE, "down"),
        down,
        MockServerHttpRequest.post("/v1/query").build(),
        List.of());
    assertThat(down.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
  }

  private static String retryAfter(QueueFullException full) {
    HttpHeaders headers = new HttpHeaders();
    Problems.adapt(
        Problems.of(PoolProblems.toApiProblem(full)),
        headers,
        MockServerHttpRequest.post("/v1/query").build(),
        List.of());
    return headers.getFirst(HttpHeaders.RETRY_AFTER);
  }
}
