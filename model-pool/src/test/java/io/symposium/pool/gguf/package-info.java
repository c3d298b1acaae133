/** Tests of the GGUF reader, writer and vocabulary. */
@NullMarked
package io.symposium.pool.gguf;

import org.jspecify.annotations.NullMarked;
