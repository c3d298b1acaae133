package io.symposium.aggregate.answer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The canonical forms answers are compared in. Integers follow research/symbolic-moe.md §1.11
 * ("strip $, spaces, leading zeros and \text{} wrappers, then compare integers"); a comma is read
 * only as a thousands separator.
 */
public final class Canonical {
  private Canonical() {}

  private static final Pattern TEX_WRAPPER =
      Pattern.compile("\\\\(?:text|textbf|mathrm|mathbf|mbox)\\s*\\{([^{}]*)}");
  private static final Pattern TEX_SPACING =
      Pattern.compile("\\\\[,!; ]|\\\\quad|\\\\\\(|\\\\\\)|\\$");
  private static final Pattern PLAIN_INTEGER = Pattern.compile("[+-]?\\d+(?:\\.0+)?");
  private static final Pattern GROUPED_INTEGER =
      Pattern.compile("[+-]?\\d{1,3}(?:,\\d{3})+(?:\\.0+)?");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)");

  /** "B", "b", "(B)", " B. " → "B"; null for anything that is not one letter A to J. */
  public static @Nullable String letter(String answer) {
    String s = answer.strip();
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    if (s.length() == 3 && s.charAt(0) == '(' && s.charAt(2) == ')') {
      s = s.substring(1, 2);
    }
    if (s.length() != 1) {
      return null;
    }
    char c = Character.toUpperCase(s.charAt(0));
    return c >= 'A' && c <= 'J' ? String.valueOf(c) : null;
  }

  /**
   * "042", "$42$", "\text{42}", "1,000", "1\,000", " 7 ", "12.0" → digits without leading zeros;
   * null for anything else.
   */
  public static @Nullable String integer(String answer) {
    String s = unwrap(answer).replace("{,}", ",");
    s = TEX_SPACING.matcher(s).replaceAll("").replaceAll("[\\s{}]+", "");
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (!PLAIN_INTEGER.matcher(s).matches() && !GROUPED_INTEGER.matcher(s).matches()) {
      return null;
    }
    int point = s.indexOf('.');
    String digits = (point < 0 ? s : s.substring(0, point)).replace(",", "");
    return new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits).toString();
  }

  /**
   * Free text as a model wrote it, without TeX wrappers, dollar signs, bold marks, quotes, extra
   * spaces or a final period; null when nothing is left.
   */
  public static @Nullable String text(String answer) {
    String s = unwrap(answer).replace("$", "").replace("**", "").replaceAll("\\s+", " ").strip();
    while (s.endsWith(".") && !DECIMAL.matcher(s).matches()) {
      s = s.substring(0, s.length() - 1).strip();
    }
    if (s.length() >= 2
        && (s.charAt(0) == '"' || s.charAt(0) == '\'')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      s = s.substring(1, s.length() - 1).strip();
    }
    return s.isEmpty() ? null : s;
  }

  /**
   * The comparison key of free text: numbers by value ("1.50" equals "1.5"), everything else
   * ignoring case.
   */
  public static @Nullable String textKey(String answer) {
    @Nullable String s = text(answer);
    if (s == null) {
      return null;
    }
    if (DECIMAL.matcher(s).matches()) {
      return new BigDecimal(s).stripTrailingZeros().toPlainString();
    }
    return s.toLowerCase(Locale.ROOT);
  }

  private static String unwrap(String answer) {
    String s = answer;
    for (String previous = ""; !previous.equals(s); ) {
      previous = s;
      s = TEX_WRAPPER.matcher(s).replaceAll("$1");
    }
    return s;
  }
}
