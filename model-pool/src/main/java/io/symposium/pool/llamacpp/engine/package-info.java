/**
 * Runs inside a llama.cpp worker process, never in the service: Symposium's own binding of
 * llama.cpp's C API ({@code llama.h}, release v0.5.0) through Java's FFM API, and the engine built
 * on it. The only package in the project that calls native code (STYLE.md rule 11); the service
 * reaches it only through the worker's HTTP protocol.
 *
 * <p>Design note (research/llamacpp-java.md §6): the native library is llama.cpp's own CPU build
 * (from the npm package {@code @node-llama-cpp/linux-x64}, bundled by the build, {@code
 * NativeBundle}) or a user's build of the same release, opened with {@link
 * java.lang.foreign.SymbolLookup#libraryLookup}; its ggml backends (the CPU variant for this CPU,
 * CUDA …) are loaded from the library's directory. Struct layouts are checked against the library
 * at start-up ({@code LayoutCheck}). Each loaded model owns one platform thread that holds the
 * llama.cpp context and decodes all its running sequences in one {@code llama_decode} per step.
 * Every input that would make llama.cpp abort the process (§4) is rejected in Java first.
 */
@NullMarked
package io.symposium.pool.llamacpp.engine;

import org.jspecify.annotations.NullMarked;
