/**
 * The load/soak benchmark of issue 14: a program ({@link
 * io.symposium.orchestrator.soak.SoakBenchmark}), not a test, that drives a real service process
 * with many clients while killing its workers.
 */
@NullMarked
package io.symposium.orchestrator.soak;

import org.jspecify.annotations.NullMarked;
