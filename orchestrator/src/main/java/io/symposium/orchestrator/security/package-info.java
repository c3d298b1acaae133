/**
 * Optional API keys for the query API ({@code /v1/**}): configured or created through the admin
 * API, stored hashed, checked by a plain WebFilter.
 */
@NullMarked
package io.symposium.orchestrator.security;

import org.jspecify.annotations.NullMarked;
