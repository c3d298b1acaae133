package io.symposium.orchestrator.query;

/**
 * How a query's final answer reaches its client, which decides how its generations run: the pool
 * counts a whole completion's prompt and completion tokens, but a stream only as its pieces.
 */
public enum Delivery {
  /** Once decided ({@code /v1/query} JSON, a facade request without {@code stream}). */
  WHOLE,
  /** As it is generated (SSE, a facade stream): the answering model's prompt goes uncounted. */
  STREAMED
}
