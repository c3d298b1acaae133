package io.symposium.orchestrator.query;

import java.util.Locale;

/** Where a logged query stands; stored lower-case in {@code query_log.status}. */
public enum QueryStatus {
  RECEIVED,
  ANSWERED,
  FAILED,
  /** The client went away before the query ended; its generations were cancelled. */
  CANCELLED,
  /**
   * The service stopped before the query ended: set as a graceful shutdown gives up on it, or,
   * after a crash or a kill, when the instance starts again.
   */
  INTERRUPTED;

  static QueryStatus fromColumn(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
