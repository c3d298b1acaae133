/**
 * The Symposium service: a Spring Boot WebFlux application that wires the plain-Java modules to
 * HTTP and PostgreSQL.
 */
@NullMarked
package io.symposium.orchestrator;

import org.jspecify.annotations.NullMarked;
