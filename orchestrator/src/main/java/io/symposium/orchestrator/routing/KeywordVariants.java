package io.symposium.orchestrator.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Spelling variants of one skill in a profile vocabulary ({@code colors}/{@code colours}, {@code
 * sort}/{@code sorts}, {@code long-division}/{@code long division}), so that Symposium's own router
 * can pool their evidence instead of splitting it. Symbolic-MoE keeps each keyword apart (the
 * paper's mapping onto the vocabulary), so only {@link SkillAccuracyRouter} uses this.
 *
 * <p>Two keywords are variants when their {@link #canonical} forms are equal. The rules are
 * deliberately narrow, deterministic and explainable — case, punctuation and spacing; a plural
 * {@code s}/{@code es}; British {@code -our}, {@code -ise}, {@code -yse}, {@code -tre} — because a
 * looser similarity (an edit distance) also joins different skills ({@code addition}/{@code
 * audition}, {@code count}/{@code county}).
 */
final class KeywordVariants {

  private final Map<String, List<String>> byCanonical;

  private KeywordVariants(Map<String, List<String>> byCanonical) {
    this.byCanonical = byCanonical;
  }

  static KeywordVariants of(Set<String> vocabulary) {
    Map<String, List<String>> groups = new HashMap<>();
    for (String keyword : vocabulary.stream().sorted().toList()) {
      groups.computeIfAbsent(canonical(keyword), c -> new ArrayList<>()).add(keyword);
    }
    groups.replaceAll((c, keywords) -> List.copyOf(keywords));
    return new KeywordVariants(Map.copyOf(groups));
  }

  /** The vocabulary keywords that are variants of {@code keyword}, itself included, sorted. */
  List<String> of(String keyword) {
    return byCanonical.getOrDefault(canonical(keyword), List.of(keyword));
  }

  /** The form two variants share: lower case, words split on anything not a letter or digit. */
  static String canonical(String keyword) {
    String[] words = keyword.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    StringBuilder joined = new StringBuilder();
    for (String word : words) {
      if (word.isEmpty()) {
        continue;
      }
      if (!joined.isEmpty()) {
        joined.append(' ');
      }
      joined.append(american(singular(word)));
    }
    return joined.toString();
  }

  private static String singular(String word) {
    if (word.length() <= 3 || word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) {
      return word;
    }
    if (word.endsWith("ies") && word.length() > 4) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.endsWith("ches") || word.endsWith("shes") || word.endsWith("xes")) {
      return word.substring(0, word.length() - 2);
    }
    return word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
  }

  private static String american(String word) {
    if (word.length() > 4 && word.endsWith("our")) {
      return word.substring(0, word.length() - 3) + "or";
    }
    for (String[] pair : SUFFIXES) {
      if (word.length() > pair[0].length() + 2 && word.endsWith(pair[0])) {
        return word.substring(0, word.length() - pair[0].length()) + pair[1];
      }
    }
    return word;
  }

  private static final String[][] SUFFIXES = {
    {"isation", "ization"}, {"ising", "izing"}, {"ised", "ized"}, {"ise", "ize"},
    {"ysing", "yzing"}, {"ysed", "yzed"}, {"yse", "yze"}, {"tre", "ter"}
  };
}
