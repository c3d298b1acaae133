package io.symposium.aggregate.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options a multiple-choice question lists inline, as the benchmarks write them: {@code … The
 * options are: (A) x (B) y}. The list starts after the last "options are:" when there is one, and
 * runs through consecutive letters from A, so a "(A)" inside an option's text ({@code (B) poly(A)
 * tail}) does not end it.
 */
public final class OptionList {
  private OptionList() {}

  /**
   * The option texts in letter order, or an empty list when the text lists fewer than two options.
   */
  public static List<String> parse(String question) {
    int marker = question.toLowerCase(Locale.ROOT).lastIndexOf("options are:");
    int from = marker < 0 ? 0 : marker;
    List<Integer> starts = new ArrayList<>();
    for (char letter = 'A'; letter <= 'J'; letter++) {
      int at = question.indexOf("(" + letter + ")", starts.isEmpty() ? from : starts.getLast() + 3);
      if (at < 0) {
        break;
      }
      starts.add(at);
    }
    if (starts.size() < 2) {
      return List.of();
    }
    List<String> options = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      int end = i + 1 < starts.size() ? starts.get(i + 1) : question.length();
      options.add(question.substring(starts.get(i) + 3, end).strip());
    }
    return options;
  }
}
