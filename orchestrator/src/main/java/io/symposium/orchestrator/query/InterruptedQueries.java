package io.symposium.orchestrator.query;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start-up, marks the queries an earlier run of this instance acknowledged but never finished (a
 * crash, a kill) as interrupted, so no query stays "received" forever. Only this instance's own are
 * touched: other instances on the same database may be running theirs.
 */
@Component
class InterruptedQueries implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(InterruptedQueries.class);

  private final QueryLogRepository queryLog;
  private final ServiceInstance instance;

  InterruptedQueries(QueryLogRepository queryLog, ServiceInstance instance) {
    this.queryLog = queryLog;
    this.instance = instance;
  }

  /** Before the web server starts: no client sees the earlier run's queries as still running. */
  @Override
  public void afterSingletonsInstantiated() {
    // the start-up thread, not an event loop: blocking here is what delays the server's start
    Long marked = queryLog.markInterrupted(instance).block(Duration.ofSeconds(30));
    if (marked != null && marked > 0) {
      log.warn(
          "{} queries of an earlier run of instance {} were interrupted; they are marked so",
          marked,
          instance.id());
    }
  }
}
