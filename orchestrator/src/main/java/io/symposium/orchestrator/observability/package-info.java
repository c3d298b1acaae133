/** What operators see of each request: its request id, in the response and in every log line. */
@NullMarked
package io.symposium.orchestrator.observability;

import org.jspecify.annotations.NullMarked;
