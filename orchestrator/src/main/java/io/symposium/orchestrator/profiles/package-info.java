/**
 * Skill profiles in PostgreSQL: versions per task, the active one, the admin API over them, and the
 * profiling runs that make them (the zoo's own on its first start).
 */
@NullMarked
package io.symposium.orchestrator.profiles;

import org.jspecify.annotations.NullMarked;
