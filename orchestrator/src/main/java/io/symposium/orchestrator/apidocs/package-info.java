/** The served OpenAPI 3 document of the service's HTTP API ({@code GET /v3/api-docs}). */
@NullMarked
package io.symposium.orchestrator.apidocs;

import org.jspecify.annotations.NullMarked;
