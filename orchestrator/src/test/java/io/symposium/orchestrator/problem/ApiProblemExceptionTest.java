package io.symposium.orchestrator.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiProblemExceptionTest {

  @Test
  void detailOf_failureWithMessage_isTheMessage() {
    assertThat(ApiProblemException.detailOf(new IllegalArgumentException("k must be 1 to 16")))
        .isEqualTo("k must be 1 to 16");
  }

  @Test
  void detailOf_failureWithoutMessage_isItsClassName() {
    assertThat(ApiProblemException.detailOf(new IllegalArgumentException()))
        .isEqualTo("java.lang.IllegalArgumentException");
  }

  @Test
  void getMessage_isTheDetail() {
    assertThat(new ApiProblemException(ProblemType.INVALID_REQUEST, "bad k").getMessage())
        .isEqualTo("bad k");
  }
}
