package io.symposium.pool.llamacpp.client;

import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.ModelRejectedException;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.PoolException;
import io.symposium.pool.llamacpp.protocol.WorkerProtocol;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what goes wrong between the service and a worker process (a dead worker, an error answer)
 * into the pool's exceptions, so callers see one family whatever the backend (STYLE.md rule 17).
 */
final class WorkerFailures {

  private WorkerFailures() {}

  /**
   * A worker's failure in the pool's terms: a dead or restarting worker and a 503 are retriable, a
   * 4xx is not.
   */
  static PoolException of(ModelSpec spec, Throwable error) {
    Throwable e = unwrap(error);
    return switch (e) {
      case PoolException pool -> pool;
      case WorkerFailedException dead ->
          new BackendUnavailableException(
              "llama.cpp worker unavailable for model '"
                  + spec.id()
                  + "': "
                  + dead.getMessage()
                  + "; retry shortly",
              dead);
      case WorkerResponseException answer
          when answer.code().equals(WorkerProtocol.CONTEXT_LENGTH_EXCEEDED) ->
          new ContextLengthExceededException(
              "model '" + spec.id() + "': " + answer.getMessage(), answer);
      case WorkerResponseException answer when answer.status() >= 400 && answer.status() < 500 ->
          new ModelRejectedException("model '" + spec.id() + "': " + answer.getMessage(), answer);
      case WorkerResponseException answer ->
          new BackendUnavailableException(
              "llama.cpp worker failed for model '"
                  + spec.id()
                  + "' (HTTP "
                  + answer.status()
                  + "): "
                  + answer.getMessage(),
              answer);
      default ->
          new BackendUnavailableException(
              "llama.cpp call for model '" + spec.id() + "' failed: " + e, e);
    };
  }

  /** The failure inside the futures' wrappers. */
  static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
