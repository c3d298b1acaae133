package io.symposium.orchestrator.batch;

import java.util.Arrays;

/** A batch's life, as OpenAI names it ({@code expired} never happens: a batch has no deadline). */
public enum BatchStatus {
  VALIDATING("validating"),
  IN_PROGRESS("in_progress"),
  FINALIZING("finalizing"),
  COMPLETED("completed"),
  FAILED("failed"),
  CANCELLING("cancelling"),
  CANCELLED("cancelled");

  private final String id;

  BatchStatus(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Whether the batch still has work (or its end) ahead of it. */
  public boolean unfinished() {
    return this == VALIDATING || this == IN_PROGRESS || this == FINALIZING || this == CANCELLING;
  }

  public static BatchStatus fromId(String id) {
    return Arrays.stream(values())
        .filter(s -> s.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("unknown batch status '" + id + "'"));
  }
}
