/**
 * Runs in the service's JVM: the llama.cpp backend and the supervision of its worker processes.
 * {@code LlamaCppBackend} serves GGUF models (one instance per model and active expert count for
 * sparse-MoE models) by sending each request over loopback HTTP to a worker process that {@code
 * WorkerSupervisor} starts, health-checks and restarts when it crashes, hangs or is killed, so a
 * native abort costs one worker and never the service. Nothing here calls native code or links
 * against the worker side; the two sides share only {@link
 * io.symposium.pool.llamacpp.protocol.WorkerProtocol}.
 */
@NullMarked
package io.symposium.pool.llamacpp.client;

import org.jspecify.annotations.NullMarked;
