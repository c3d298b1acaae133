package io.symposium.orchestrator.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

final class DatabaseProblemsTest {

  @Test
  void from_connectionRefusedUnderSpringsWrapper_retriable503() {
    ApiProblemException problem =
        Problems.from(
            new DataAccessResourceFailureException(
                "Failed to obtain R2DBC Connection", new ConnectException("refused")));

    assertThat(problem.type()).isEqualTo(ProblemType.DATABASE_UNAVAILABLE);
    assertThat(problem.type().status().value()).isEqualTo(503);
    assertThat(problem.properties()).containsEntry("retriable", true);
    assertThat(Problems.retryAfterSeconds(503)).isPositive();
  }

  @Test
  void from_driverResourceFailureDeepInTheChain_databaseUnavailable() {
    Throwable error =
        new IllegalStateException(
            "wrapped", new RuntimeException(new R2dbcNonTransientResourceException("closed")));

    assertThat(Problems.from(error).type()).isEqualTo(ProblemType.DATABASE_UNAVAILABLE);
  }

  @Test
  void from_ordinaryBug_staysAnInternalError() {
    assertThat(Problems.from(new IllegalStateException("a bug")).type())
        .isEqualTo(ProblemType.INTERNAL_ERROR);
  }
}
