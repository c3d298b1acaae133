/**
 * Runs inside a llama.cpp worker process: its main class (the same artifact started with its own
 * main by the service's supervisor) and its loopback HTTP server, which hosts models of the {@code
 * engine} package behind the OpenAI-compatible and Ollama protocols plus load, unload and health.
 * Everything a client sends is checked here before it reaches the engine.
 */
@NullMarked
package io.symposium.pool.llamacpp.worker;

import org.jspecify.annotations.NullMarked;
