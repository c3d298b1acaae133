package io.symposium.orchestrator.problem;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Tells a database that is away (stopped, unreachable, not answering within the pool's timeouts)
 * from a failure of ours: the former is a 503 the client may retry, not an internal error.
 */
final class DatabaseProblems {

  private static final Logger log = LoggerFactory.getLogger(DatabaseProblems.class);

  private DatabaseProblems() {}

  /** Whether {@code error} or one of its causes says the database cannot be reached now. */
  static boolean unavailable(Throwable error) {
    for (@Nullable Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DataAccessResourceFailureException
          || t instanceof TransientDataAccessResourceException
          || t instanceof QueryTimeoutException
          || t instanceof R2dbcNonTransientResourceException
          || t instanceof R2dbcTransientResourceException
          || t instanceof R2dbcTimeoutException
          || t instanceof ConnectException
          || t instanceof ClosedChannelException
          // r2dbc-pool's acquire timeout (PoolAcquireTimeoutException) is one
          || (t instanceof TimeoutException && t.getClass().getName().startsWith("reactor.pool"))) {
        return true;
      }
    }
    return false;
  }

  static ApiProblemException toApiProblem(Throwable error) {
    // one line, not a stack trace: the outage is the news, and health says it too
    log.warn("database unavailable: {}", error.toString());
    return new ApiProblemException(
        ProblemType.DATABASE_UNAVAILABLE,
        "The service's database cannot be reached right now; retry in a few seconds"
            + " (GET /actuator/health shows when it is back).",
        Map.of("retriable", true));
  }
}
