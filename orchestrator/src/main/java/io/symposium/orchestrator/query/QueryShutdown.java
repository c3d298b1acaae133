package io.symposium.orchestrator.query;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * Records the queries a stopping service (SIGTERM) did not finish as interrupted, while the
 * database is still there, so none stays "received" and none reads as abandoned by its client.
 *
 * <p>The context's close announces itself first ({@link ContextClosedEvent}): from then on a query
 * whose HTTP exchange ends unfinished was cut off by the service. Its lifecycle then stops the web
 * server gracefully (in-flight requests get {@code spring.lifecycle.timeout-per-shutdown-phase})
 * and closes it; this bean's phase is below both, so its {@link #stop()} runs after the last
 * exchange is gone and before any bean (the connection pool, the embedded PostgreSQL, the model
 * pool) is destroyed.
 */
@Component
class QueryShutdown implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

  private static final Logger log = LoggerFactory.getLogger(QueryShutdown.class);

  /** Below Boot's web server lifecycles (graceful shutdown, then stop). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final QueryLogRepository queryLog;
  private volatile boolean running;
  private volatile boolean stopping;

  QueryShutdown(QueryLogRepository queryLog) {
    this.queryLog = queryLog;
  }

  /**
   * Whether the service is shutting down: an unfinished query now is interrupted, not cancelled.
   */
  boolean stopping() {
    return stopping;
  }

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    stopping = true;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    stopping = true;
    try {
      // the closing thread, not an event loop; bounded, so a database that is gone cannot hold
      // the shutdown (the next start marks what is left)
      Long marked = queryLog.interruptUnfinished().block(Duration.ofSeconds(10));
      if (marked != null && marked > 0) {
        log.warn("{} unfinished queries were interrupted by the shutdown", marked);
      }
    } catch (RuntimeException e) {
      log.warn(
          "could not mark the unfinished queries interrupted ({}); the next start of this"
              + " instance does",
          e.toString());
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
