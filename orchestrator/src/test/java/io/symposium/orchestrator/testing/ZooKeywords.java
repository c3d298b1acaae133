package io.symposium.orchestrator.testing;

import java.util.Set;

/** The keywords the zoo's keyword model gives two of its domains (it was trained on them). */
public final class ZooKeywords {
  private ZooKeywords() {}

  public static final Set<String> FACTS =
      Set.of("astronomy", "colors", "geography", "memorization", "zoology");

  public static final Set<String> STRINGS =
      Set.of(
          "alphabetical order",
          "first and last letters",
          "letter counting",
          "letters",
          "phonetics",
          "spelling",
          "string reversal",
          "vowels");
}
