/**
 * The llama.cpp worker process and its supervision: a worker is the same artifact started with its
 * own main, hosts models on loopback behind the OpenAI-compatible protocol plus load, unload and
 * health, and is restarted by its supervisor when it crashes, hangs or is killed, so a native abort
 * costs one worker and never the service.
 */
@NullMarked
package io.symposium.pool.worker;

import org.jspecify.annotations.NullMarked;
