/**
 * Skill extraction with a keyword model, the keyword vocabulary with embedding-based mapping,
 * profiling runs that score every expert per keyword, and the aggregator benchmark.
 */
@NullMarked
package io.symposium.profile;

import org.jspecify.annotations.NullMarked;
