package io.symposium.orchestrator.problem;

import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.ModelRejectedException;
import io.symposium.pool.PoolException;
import io.symposium.pool.QueueFullException;
import io.symposium.pool.UnknownModelException;
import java.util.Map;

/** How the model pool's failures read at the HTTP edge. */
public final class PoolProblems {

  private PoolProblems() {}

  public static ApiProblemException toApiProblem(PoolException e) {
    return switch (e) {
      case UnknownModelException unknown ->
          new ApiProblemException(
              ProblemType.UNKNOWN_MODEL,
              "No model '" + unknown.modelId() + "' in the pool; see GET /v1/models.",
              Map.of("model", unknown.modelId()));
      case ContextLengthExceededException tooLong ->
          new ApiProblemException(
              ProblemType.CONTEXT_LENGTH_EXCEEDED,
              tooLong.getMessage()
                  + "; shorten the question or lower maxTokens (leave it out and each model may"
                  + " use what its context leaves).",
              Map.of("retriable", false));
      case ModelRejectedException rejected ->
          new ApiProblemException(ProblemType.MODEL_REJECTED, rejected.getMessage());
      case QueueFullException full ->
          new ApiProblemException(
              ProblemType.QUEUE_FULL,
              full.getMessage(),
              Map.of("retriable", true, "estimatedWaitMillis", full.estimatedWait().toMillis()));
      case BackendUnavailableException down ->
          new ApiProblemException(
              ProblemType.BACKEND_UNAVAILABLE, down.getMessage(), Map.of("retriable", true));
    };
  }
}
