package io.symposium.orchestrator.problem;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one rule every text a client sends must pass before anything stores or echoes it: valid
 * Unicode without U+0000. PostgreSQL's {@code text} and {@code jsonb} cannot hold U+0000, and an
 * unpaired UTF-16 surrogate (which a JSON {@code \ud800} escape produces) has no UTF-8 form, so the
 * driver would silently store {@code ?} instead: refusing both at the edge keeps what the log
 * stores exactly what the client sent.
 */
public final class StorableText {

  private StorableText() {}

  /** The index of the first char that cannot be stored, or -1 when the text is storable. */
  public static int firstUnstorable(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Why {@code text} cannot be stored, or null when it can; {@code field} names it. */
  public static @Nullable String problem(String field, CharSequence text) {
    int at = firstUnstorable(text);
    if (at < 0) {
      return null;
    }
    String what =
        text.charAt(at) == 0
            ? "U+0000"
            : "an unpaired surrogate (U+%04X)".formatted((int) text.charAt(at));
    return "'%s' holds %s at char %d, which cannot be stored; send valid Unicode without U+0000."
        .formatted(field, what, at);
  }

  /**
   * {@code text} if it can be stored.
   *
   * @throws ApiProblemException 400 {@code /problems/invalid-request} naming {@code field}
   */
  public static String require(String field, String text) {
    String problem = problem(field, text);
    if (problem != null) {
      throw new ApiProblemException(
          ProblemType.INVALID_REQUEST,
          problem,
          Map.of("errors", List.of(Map.of("field", field, "message", problem))));
    }
    return text;
  }
}
