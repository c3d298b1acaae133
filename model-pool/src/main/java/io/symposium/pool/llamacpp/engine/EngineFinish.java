package io.symposium.pool.llamacpp.engine;

/**
 * Why the engine ended a generation. Engine-side: the worker writes it as the wire's {@code
 * finish_reason}, which the service reads back as {@code Completion.FinishReason}.
 */
public enum EngineFinish {
  /** The model produced an end-of-generation token (EOS, EOT …). */
  END_OF_GENERATION,
  /**
   * The text reached one of the request's stop strings; the stop string is not part of the text.
   */
  STOP_STRING,
  /** The request's token limit was reached. */
  MAX_TOKENS,
  /** The caller cancelled; the text is what was produced until then. */
  CANCELLED
}
