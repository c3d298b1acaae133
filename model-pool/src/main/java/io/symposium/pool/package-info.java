/**
 * The model pool's API: model specs, the backend SPI, completions, and the pool that keeps models
 * resident under a memory budget and schedules queued work batch by model.
 */
@NullMarked
package io.symposium.pool;

import org.jspecify.annotations.NullMarked;
