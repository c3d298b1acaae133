package io.symposium.aggregate.answer;

import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.Question;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an option letter (research/symbolic-moe.md §1.11, {@code get_alphabet_choice}).
 *
 * <p>Strict: the last "The answer is (X)" decides (the phrase in any case, X a capital letter);
 * when X names no option of the question, there is no answer. Lenient: rules in order, each giving
 * its last match that names an option, the first rule with one wins: (1) "the answer is (x)",
 * either case; (2) a capital letter followed by ")", the reference's first rule, without its
 * literal-pipe quirk and not inside a word; (3) "Answer: X", "answer is X", "answer is option X",
 * where a small letter counts only when no word follows it ("the answer is a bit…" is English); (4)
 * the last standalone capital letter, the reference's catch-all, except "A" and "I" before a
 * small-letter word (an article or a pronoun: "The answer is J. I am sure" gives J, where the
 * reference gave I).
 */
public final class MultipleChoiceExtractor implements AnswerExtractor {

  private static final Pattern CANONICAL =
      Pattern.compile("(?i:the\\s+answer\\s+is)\\s*\\(([A-J])\\)");
  private static final Pattern CANONICAL_ANY_CASE =
      Pattern.compile("(?i)the\\s+answer\\s+is\\s*\\(([a-j])\\)");
  private static final Pattern LETTER_PAREN = Pattern.compile("(?<![A-Za-z])([A-J])\\)");
  private static final Pattern STATEMENT =
      Pattern.compile(
          "(?i)\\banswer\\s*(?:is\\s*:?|:)\\s*(?:option\\s+|choice\\s+)?(?:\\*\\*)?(\\()?([a-j])(?![A-Za-z'’])(\\))?");
  private static final Pattern STANDALONE = Pattern.compile("(?<![A-Za-z'’])([A-J])(?![A-Za-z'’])");
  private static final Pattern ENGLISH_WORD_NEXT = Pattern.compile("\\s+[a-z]");

  private final ExtractionMode mode;

  public MultipleChoiceExtractor(ExtractionMode mode) {
    this.mode = mode;
  }

  @Override
  public Optional<String> extract(Question question, String text) {
    int options = question.optionCount();
    if (mode == ExtractionMode.STRICT) {
      Matcher m = CANONICAL.matcher(text);
      String last = null;
      while (m.find()) {
        last = m.group(1);
      }
      return Optional.ofNullable(last).filter(letter -> names(letter, options));
    }
    for (Rule rule :
        List.of(Rule.CANONICAL_ANY_CASE, Rule.LETTER_PAREN, Rule.STATEMENT, Rule.STANDALONE)) {
      Optional<String> found = rule.last(text, options);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static boolean names(String letter, int options) {
    return letter.charAt(0) - 'A' < options;
  }

  private enum Rule {
    CANONICAL_ANY_CASE(MultipleChoiceExtractor.CANONICAL_ANY_CASE, 1),
    LETTER_PAREN(MultipleChoiceExtractor.LETTER_PAREN, 1),
    STATEMENT(MultipleChoiceExtractor.STATEMENT, 2),
    STANDALONE(MultipleChoiceExtractor.STANDALONE, 1);

    private final Pattern pattern;
    private final int group;

    Rule(Pattern pattern, int group) {
      this.pattern = pattern;
      this.group = group;
    }

    Optional<String> last(String text, int options) {
      Matcher m = pattern.matcher(text);
      String last = null;
      while (m.find()) {
        String letter = m.group(group);
        if (accepts(m, letter, text) && names(letter.toUpperCase(java.util.Locale.ROOT), options)) {
          last = letter.toUpperCase(java.util.Locale.ROOT);
        }
      }
      return Optional.ofNullable(last);
    }

    private boolean accepts(Matcher m, String letter, String text) {
      boolean wordFollows =
          ENGLISH_WORD_NEXT.matcher(text).region(m.end(group), text.length()).lookingAt();
      return switch (this) {
        // a bare small letter followed by a word is the article "a" or a stray letter of a sentence
        case STATEMENT ->
            Character.isUpperCase(letter.charAt(0))
                || (m.group(1) != null && m.group(3) != null)
                || !wordFollows;
        case STANDALONE -> !((letter.equals("A") || letter.equals("I")) && wordFollows);
        default -> true;
      };
    }
  }
}
