/** The admin API under {@code /admin/api/**} and its credentials check. */
@NullMarked
package io.symposium.orchestrator.admin;

import org.jspecify.annotations.NullMarked;
