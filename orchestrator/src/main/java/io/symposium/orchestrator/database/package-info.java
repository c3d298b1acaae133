/**
 * Where the service's PostgreSQL comes from: a configured server, or an embedded one it starts
 * itself.
 */
@NullMarked
package io.symposium.orchestrator.database;

import org.jspecify.annotations.NullMarked;
