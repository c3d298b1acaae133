/**
 * The llama.cpp backend: GGUF models served by a supervised worker process of the pool's own, one
 * instance per (model, active expert count) for sparse-MoE models.
 */
@NullMarked
package io.symposium.pool.local;

import org.jspecify.annotations.NullMarked;
