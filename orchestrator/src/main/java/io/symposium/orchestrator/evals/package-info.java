/**
 * The admin API for evaluation runs ({@code /admin/api/evals}): the service starts the evals CLI
 * (module {@code evals}, which depends on this one) as a child JVM that stores its run in the
 * service's database, and serves the stored runs, their progress and reports.
 */
@NullMarked
package io.symposium.orchestrator.evals;

import org.jspecify.annotations.NullMarked;
