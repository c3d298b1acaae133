/**
 * Tests of the llama.cpp FFM binding: unit tests of its Java-side logic and ITs against real
 * llama.cpp.
 */
@NullMarked
package io.symposium.pool.llamacpp.engine;

import org.jspecify.annotations.NullMarked;
