package io.symposium.pool;

/**
 * What a streamed completion sends: pieces of its text as they are generated, then, last, its token
 * counts.
 */
public sealed interface StreamEvent {

  /** A piece of the text; the pieces concatenate to the completion's text. */
  record Piece(String text) implements StreamEvent {}

  /**
   * The stream's end with its token counts, as a whole {@link Completion} would report them.
   *
   * @param counted true when the engine reported the counts; false for a backend whose stream
   *     reports none, and then {@code promptTokens} is 0 and {@code completionTokens} the number of
   *     pieces
   */
  record End(int promptTokens, int completionTokens, boolean counted) implements StreamEvent {
    public End {
      if (promptTokens < 0 || completionTokens < 0) {
        throw new IllegalArgumentException(
            "token counts must be >= 0: %d/%d".formatted(promptTokens, completionTokens));
      }
    }
  }
}
