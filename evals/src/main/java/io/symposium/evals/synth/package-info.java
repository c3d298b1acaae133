/**
 * Synthetic skill benchmark and zoo training text: deterministic, seeded generators of short
 * questions a tiny character-level model can learn, in the JSON format of the Symbolic-MoE
 * benchmarks.
 */
@NullMarked
package io.symposium.evals.synth;

import org.jspecify.annotations.NullMarked;
