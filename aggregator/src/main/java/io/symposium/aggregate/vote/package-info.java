/**
 * Internal: the voting strategies (majority, weighted, skip on consensus) and the tallies they
 * share.
 */
@NullMarked
package io.symposium.aggregate.vote;

import org.jspecify.annotations.NullMarked;
