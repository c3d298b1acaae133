/** Skill profiles in PostgreSQL: versions per task, the active one, and the admin API over them. */
@NullMarked
package io.symposium.orchestrator.profiles;

import org.jspecify.annotations.NullMarked;
