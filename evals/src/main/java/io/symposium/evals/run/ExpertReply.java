package io.symposium.evals.run;

import org.jspecify.annotations.Nullable;

/** What an expert call gave: an answer, or why there is none. */
public record ExpertReply(
    AnswerKey key,
    Status status,
    @Nullable String text,
    @Nullable String extracted,
    int promptTokens,
    int completionTokens,
    long millis,
    @Nullable String error) {

  /** How the call ended. */
  public enum Status {
    ANSWERED,
    /** The question and the answer limit do not fit the model's context (never retried). */
    UNANSWERABLE,
    FAILED
  }

  public boolean answered() {
    return status == Status.ANSWERED;
  }
}
