/**
 * Turns every error into an RFC 9457 problem body at the HTTP edge; nothing else in the service
 * knows about HTTP errors.
 */
@NullMarked
package io.symposium.orchestrator.problem;

import org.jspecify.annotations.NullMarked;
