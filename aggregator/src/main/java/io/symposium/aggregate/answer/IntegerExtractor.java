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
 * Reads a whole number (research/symbolic-moe.md §1.11, {@code last_boxed_only_string} and {@code
 * remove_boxed}).
 *
 * <p>Strict: the content of the last {@code \boxed{…}} (braces matched), read by {@link
 * Canonical#integer}; when it is not a whole number, there is no answer. Lenient: rules in order,
 * the first with a match wins: (1) the last {@code \boxed{…}} that holds a whole number; (2) the
 * same for {@code \fbox{…}}; (3) the last "answer is N", "answer: N" or "answer = N"; (4) the last
 * standalone whole number (not part of a word, a decimal or a range).
 */
public final class IntegerExtractor implements AnswerExtractor {

  private static final Pattern STATEMENT =
      Pattern.compile(
          "(?i)\\banswer\\s*(?:is\\s*:?|:|=)\\s*(?:\\*\\*)?\\s*(?:\\$|\\\\\\()?\\s*([+-]?\\d{1,3}(?:,\\d{3})+|[+-]?\\d+)(?![\\w]|[.,]\\d)");
  private static final Pattern STANDALONE =
      Pattern.compile("(?<![\\w.,+-])(-?\\d{1,3}(?:,\\d{3})+|-?\\d+)(?![\\w]|[.,]\\d)");

  private final ExtractionMode mode;

  public IntegerExtractor(ExtractionMode mode) {
    this.mode = mode;
  }

  @Override
  public Optional<String> extract(Question question, String text) {
    List<String> boxes = TexBoxes.contents(text, "boxed");
    if (mode == ExtractionMode.STRICT) {
      return boxes.isEmpty()
          ? Optional.empty()
          : Optional.ofNullable(Canonical.integer(boxes.getLast()));
    }
    Optional<String> boxed = lastInteger(boxes);
    if (boxed.isPresent()) {
      return boxed;
    }
    Optional<String> framed = lastInteger(TexBoxes.contents(text, "fbox"));
    if (framed.isPresent()) {
      return framed;
    }
    Optional<String> stated = lastMatch(STATEMENT, text);
    return stated.isPresent() ? stated : lastMatch(STANDALONE, text);
  }

  private static Optional<String> lastInteger(List<String> candidates) {
    return candidates.reversed().stream()
        .map(Canonical::integer)
        .filter(Objects::nonNull)
        .findFirst();
  }

  private static Optional<String> lastMatch(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    String last = null;
    while (m.find()) {
      last = Canonical.integer(m.group(1));
    }
    return Optional.ofNullable(last);
  }
}
