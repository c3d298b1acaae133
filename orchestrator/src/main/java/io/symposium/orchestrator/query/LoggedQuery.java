package io.symposium.orchestrator.query;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A question as recorded in the query log, with what became of it.
 *
 * @param error the problem body the client got, when the query failed
 * @param instanceId the service instance that ran it
 * @param interruptedAt when a restart of that instance found it unfinished
 * @param knobs the routing and pool knobs the query chose; null when it chose none
 */
public record LoggedQuery(
    UUID id,
    Instant receivedAt,
    @Nullable Instant completedAt,
    String question,
    @Nullable String strategy,
    @Nullable Integer k,
    @Nullable Long seed,
    @Nullable Integer maxTokens,
    QueryStatus status,
    @Nullable String finalAnswer,
    @Nullable Map<String, Object> error,
    @Nullable String instanceId,
    @Nullable Instant interruptedAt,
    @Nullable QueryKnobs knobs) {

  public LoggedQuery {
    if (question.isBlank()) {
      throw new IllegalArgumentException("a logged query needs a question");
    }
  }
}
