/**
 * Routing: which experts answer a query, decided in memory from the skill profiles and the query's
 * mapped keywords (Symbolic-MoE and Composition of Experts). Plain Java; nothing here does I/O.
 */
@NullMarked
package io.symposium.orchestrator.routing;

import org.jspecify.annotations.NullMarked;
