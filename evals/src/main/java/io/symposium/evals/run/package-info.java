/**
 * Benchmark evaluation runs: every routing method and baseline through the real pool, in a phased
 * batch (keywords, then each expert's answers model by model, then aggregation), graded into
 * accuracies with seeds and bootstrap intervals, costs, and a report with plots.
 */
@NullMarked
package io.symposium.evals.run;

import org.jspecify.annotations.NullMarked;
