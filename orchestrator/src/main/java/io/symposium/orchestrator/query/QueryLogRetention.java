package io.symposium.orchestrator.query;

import io.symposium.orchestrator.config.QueryLogProperties;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes the queries older than {@code symposium.query-log.retention} (their expert answers go
 * with them, by the foreign key's cascade), in small batches on a schedule; off when no retention
 * is set. A failed round (the database away) is logged and the next round tries again.
 */
@Component
public class QueryLogRetention {

  private static final Logger log = LoggerFactory.getLogger(QueryLogRetention.class);

  private final DatabaseClient db;
  private final QueryLogProperties properties;
  private final InstantSource clock;
  private @Nullable Disposable schedule;

  public QueryLogRetention(DatabaseClient db, QueryLogProperties properties) {
    this.db = db;
    this.properties = properties;
    // the schedule's clock; purgeOlderThan takes its cutoff as a parameter, which tests set
    this.clock = InstantSource.system();
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    if (properties.retention() == null) {
      return;
    }
    schedule =
        Flux.interval(properties.purgeInterval(), properties.purgeInterval())
            .concatMap(
                tick ->
                    purgeOlderThan(clock.instant().minus(properties.retention()))
                        .onErrorResume(
                            e -> {
                              log.warn("query-log retention round failed: {}", e.toString());
                              return Mono.empty();
                            }))
            .subscribe();
  }

  @jakarta.annotation.PreDestroy
  void stop() {
    if (schedule != null) {
      schedule.dispose();
    }
  }

  /** Deletes every query received before {@code cutoff}, batch by batch; emits how many. */
  Mono<Long> purgeOlderThan(Instant cutoff) {
    OffsetDateTime before = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
    int batch = properties.purgeBatch();
    return Mono.defer(() -> deleteBatch(before, batch))
        .expand(deleted -> deleted < batch ? Mono.empty() : deleteBatch(before, batch))
        .reduce(0L, Long::sum)
        .doOnNext(
            total -> {
              if (total > 0) {
                log.info(
                    "query-log retention deleted {} queries received before {}", total, cutoff);
              }
            });
  }

  private Mono<Long> deleteBatch(OffsetDateTime before, int batch) {
    return db.sql(
            "DELETE FROM query_log WHERE id IN (SELECT id FROM query_log WHERE received_at <"
                + " :before ORDER BY received_at LIMIT :batch)")
        .bind("before", before)
        .bind("batch", batch)
        .fetch()
        .rowsUpdated();
  }
}
