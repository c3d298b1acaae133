package io.symposium.evals.run;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One method's outcome on one question at one seed, with its cost as if the method ran alone
 * (answers it shares with other methods are counted for each).
 *
 * @param unanswerable no recruited expert could answer (the question does not fit their context);
 *     counted as wrong
 */
public record ItemResult(
    String label,
    String method,
    Aggregation aggregation,
    long seed,
    int item,
    List<String> experts,
    List<String> answers,
    List<String> extracted,
    @Nullable String finalText,
    @Nullable String finalAnswer,
    boolean correct,
    boolean unanswerable,
    int expertCalls,
    int aggregatorCalls,
    long promptTokens,
    long completionTokens,
    long millis) {
  public ItemResult {
    experts = List.copyOf(experts);
    answers = List.copyOf(answers);
    extracted = List.copyOf(extracted);
  }

  public long tokens() {
    return promptTokens + completionTokens;
  }
}
