/** The query endpoint and the query log, which records every question before any work starts. */
@NullMarked
package io.symposium.orchestrator.query;

import org.jspecify.annotations.NullMarked;
