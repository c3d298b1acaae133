package io.symposium.aggregate.answer;

import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.Question;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a short free answer. Strict: the content of the last {@code \boxed{…}}, cleaned by {@link
 * Canonical#text}. Lenient: the last non-empty {@code \boxed{…}}, then the last non-empty {@code
 * \fbox{…}}, then the rest of the line after the last "answer is" or "answer:".
 */
public final class FreeTextExtractor implements AnswerExtractor {

  private static final Pattern STATEMENT =
      Pattern.compile("(?i)\\banswer\\s*(?:is\\s*:?|:)[ \\t]*([^\\n]+)");

  private final ExtractionMode mode;

  public FreeTextExtractor(ExtractionMode mode) {
    this.mode = mode;
  }

  @Override
  public Optional<String> extract(Question question, String text) {
    List<String> boxes = TexBoxes.contents(text, "boxed");
    if (mode == ExtractionMode.STRICT) {
      return boxes.isEmpty()
          ? Optional.empty()
          : Optional.ofNullable(Canonical.text(boxes.getLast()));
    }
    Optional<String> boxed = lastText(boxes);
    if (boxed.isPresent()) {
      return boxed;
    }
    Optional<String> framed = lastText(TexBoxes.contents(text, "fbox"));
    if (framed.isPresent()) {
      return framed;
    }
    Matcher m = STATEMENT.matcher(text);
    String last = null;
    while (m.find()) {
      String candidate = Canonical.text(m.group(1));
      last = candidate != null ? candidate : last;
    }
    return Optional.ofNullable(last);
  }

  private static Optional<String> lastText(List<String> candidates) {
    return candidates.reversed().stream().map(Canonical::text).filter(Objects::nonNull).findFirst();
  }
}
