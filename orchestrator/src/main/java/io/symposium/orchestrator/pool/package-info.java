/**
 * The model pool inside the service: its construction, the models it starts with, and their
 * storage.
 */
@NullMarked
package io.symposium.orchestrator.pool;

import org.jspecify.annotations.NullMarked;
