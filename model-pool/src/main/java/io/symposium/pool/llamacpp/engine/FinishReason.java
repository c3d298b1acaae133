package io.symposium.pool.llamacpp.engine;

/** Why a generation ended. */
public enum FinishReason {
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
