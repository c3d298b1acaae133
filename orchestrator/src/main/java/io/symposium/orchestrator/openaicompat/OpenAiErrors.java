package io.symposium.orchestrator.openaicompat;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.orchestrator.problem.Problems;
import io.symposium.pool.ContextLengthExceededException;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The facade's errors: a problem body like every other, which also carries OpenAI's {@code error}
 * object, because that is what OpenAI clients read.
 */
final class OpenAiErrors {

  private OpenAiErrors() {}

  /** {@code error} as the facade reports it. */
  static ApiProblemException of(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ContextLengthExceededException tooLong) {
      return contextLength(tooLong);
    }
    ApiProblemException problem = Problems.from(cause);
    if (problem.properties().containsKey("error")) {
      return problem;
    }
    ProblemType type = problem.type();
    return problem.with(
        "error",
        Map.of(
            "message",
            String.valueOf(problem.getMessage()),
            "type",
            type.status().is5xxServerError() ? "server_error" : "invalid_request_error",
            "code",
            type.type().getPath().substring("/problems/".length()).replace('-', '_')));
  }

  /** A prompt that fits no model's context, as OpenAI reports it: a 400 no retry can fix. */
  static ApiProblemException contextLength(ContextLengthExceededException e) {
    String message =
        e.getMessage()
            + "; shorten the messages or lower max_tokens (leave it out and the answer may use"
            + " what the context leaves).";
    return new ApiProblemException(
        ProblemType.CONTEXT_LENGTH_EXCEEDED,
        message,
        Map.of(
            "retriable",
            false,
            "error",
            Map.of(
                "message",
                message,
                "type",
                "invalid_request_error",
                "param",
                "messages",
                "code",
                "context_length_exceeded")));
  }

  /** The error event of a stream that already started, in OpenAI's shape. */
  static Map<String, Object> event(Throwable error) {
    Object body = of(error).properties().get("error");
    return Map.of("error", body == null ? Map.of() : body);
  }
}
