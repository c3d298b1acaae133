package io.symposium.pool;

import java.time.Duration;

/**
 * One model as the pool sees it now, for the admin API and queue introspection.
 *
 * @param spec what it is
 * @param footprint the memory it takes when resident
 * @param resident whether it is loaded
 * @param waiting requests queued for it
 * @param inFlight requests its backend is working on
 * @param oldestWait how long the oldest queued request has waited
 * @param estimatedWait a new request's expected wait: queued work × recent latency ÷ slots
 */
public record ModelStatus(
    ModelSpec spec,
    Footprint footprint,
    boolean resident,
    int waiting,
    int inFlight,
    Duration oldestWait,
    Duration estimatedWait) {}
