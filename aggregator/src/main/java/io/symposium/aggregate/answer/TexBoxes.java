package io.symposium.aggregate.answer;

import java.util.ArrayList;
import java.util.List;

/**
 * The contents of TeX box commands ({@code \boxed{…}}, {@code \fbox{…}}), found by matching braces
 * as the reference's {@code last_boxed_only_string} does.
 */
final class TexBoxes {
  private TexBoxes() {}

  /**
   * The contents of every {@code \command{…}} in {@code text}, in order; a box whose braces never
   * close is skipped.
   */
  static List<String> contents(String text, String command) {
    List<String> found = new ArrayList<>();
    String opening = "\\" + command;
    for (int at = text.indexOf(opening); at >= 0; at = text.indexOf(opening, at + 1)) {
      int brace = at + opening.length();
      while (brace < text.length() && text.charAt(brace) == ' ') {
        brace++;
      }
      if (brace >= text.length() || text.charAt(brace) != '{') {
        continue;
      }
      int depth = 0;
      for (int i = brace; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '{') {
          depth++;
        } else if (c == '}' && --depth == 0) {
          found.add(text.substring(brace + 1, i));
          break;
        }
      }
    }
    return found;
  }
}
