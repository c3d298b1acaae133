/**
 * The contract between the service and its llama.cpp worker processes, shared by both sides: the
 * worker's main class name, its ready line, and the header and error codes on the loopback HTTP
 * protocol. Depends on nothing, so either side can use it without reaching into the other.
 */
@NullMarked
package io.symposium.pool.llamacpp.protocol;

import org.jspecify.annotations.NullMarked;
