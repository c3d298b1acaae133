package io.symposium.orchestrator.query;

import java.util.Locale;

/** Where a logged query stands; stored lower-case with '_' in {@code query_log.status}. */
public enum QueryStatus {
  RECEIVED,
  ANSWERED,
  FAILED,
  NOT_IMPLEMENTED,
  CANCELLED;

  String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  static QueryStatus fromColumn(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
