/**
 * The engine benchmark of issue 3: a program ({@link io.symposium.pool.bench.EngineBenchmark}), not
 * a test, that measures the llama.cpp binding on generated fixtures and prints markdown tables.
 */
@NullMarked
package io.symposium.pool.bench;

import org.jspecify.annotations.NullMarked;
