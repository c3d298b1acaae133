/**
 * Batch-by-model scheduling: per-model queues, the choice of the next model, and the offline plan.
 */
@NullMarked
package io.symposium.pool.schedule;

import org.jspecify.annotations.NullMarked;
