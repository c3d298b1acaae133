package io.symposium.orchestrator.query;

import java.util.function.Consumer;

/**
 * The final answer's text on its way to the client as {@link QueryEvent.AnswerPiece}s. The rule:
 * the pieces of a query concatenate to exactly the final answer's text.
 *
 * <p>Models stream raw text, and a final answer is that text {@link String#strip() stripped}, so
 * leading whitespace is dropped and trailing whitespace held back until more text follows it: what
 * went out is always the strip of what came in. Whoever streams into it must make the streamed
 * model's output the final text once anything went out ({@link #started()}); {@link #finish} checks
 * that, and sends the whole text as one piece when nothing was streamed (a vote).
 *
 * <p>Pieces arrive from one stream at a time (the aggregator, or a lone expert and then its
 * replacement), so this needs no locking: Reactor orders the signals of one sequence.
 */
final class AnswerPieces {

  private final Consumer<QueryEvent> events;
  private final StringBuilder sent = new StringBuilder();
  private String heldBack = "";

  AnswerPieces(Consumer<QueryEvent> events) {
    this.events = events;
  }

  /** The next piece of raw model output. */
  void accept(String piece) {
    String text = heldBack + piece;
    if (sent.isEmpty()) {
      text = text.stripLeading();
    }
    String body = text.stripTrailing();
    heldBack = text.substring(body.length());
    if (!body.isEmpty()) {
      sent.append(body);
      events.accept(new QueryEvent.AnswerPiece(body));
    }
  }

  /** Whether any text went out, so the text being streamed can no longer be replaced. */
  boolean started() {
    return !sent.isEmpty();
  }

  /** Completes the pieces with the final answer's text. */
  void finish(String finalText) {
    if (!started()) {
      events.accept(new QueryEvent.AnswerPiece(finalText));
    } else if (!sent.toString().equals(finalText)) {
      // a streaming path broke the rule: fail loudly instead of logging what the client never saw
      throw new IllegalStateException(
          "the streamed answer differs from the final answer: sent %d characters, final %d"
              .formatted(sent.length(), finalText.length()));
    }
  }
}
