/**
 * The batch API in OpenAI's shape: JSONL files of requests ({@code /v1/files}), batches over them
 * ({@code /v1/batches}) run with the phased offline plan, kept in PostgreSQL and resumed after a
 * restart.
 */
@NullMarked
package io.symposium.orchestrator.batch;

import org.jspecify.annotations.NullMarked;
