package io.symposium.orchestrator.batch;

import org.jspecify.annotations.Nullable;

/**
 * How one input line ended, as its output line says it.
 *
 * @param ok true for a 2xx response (the output file), false for an error response or a line that
 *     is no request (the error file)
 * @param statusCode the response's HTTP status; null when the line was never a request
 * @param response the response body (JSON), or null
 * @param error the output line's {@code error} object (JSON: {@code code}, {@code message}), or
 *     null
 */
public record LineResult(
    boolean ok, @Nullable Integer statusCode, @Nullable String response, @Nullable String error) {}
