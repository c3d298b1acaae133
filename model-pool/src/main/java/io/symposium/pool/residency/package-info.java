/** Which local models are resident, under a memory budget, and which to evict. */
@NullMarked
package io.symposium.pool.residency;

import org.jspecify.annotations.NullMarked;
