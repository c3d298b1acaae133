package io.symposium.evals.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An invented world of facts (countries and their capitals, creatures and their colours, planets
 * and their moon counts) for the memorisation skills. Training text and benchmark share one world,
 * so a model can only answer by having memorised it; the world depends on its own seed, never on
 * the benchmark seed.
 */
public final class FactWorld {
  /** The world seed every default generator uses. */
  public static final long DEFAULT_SEED = 20261123L;

  static final List<String> COLOURS =
      List.of(
          "red", "blue", "green", "yellow", "purple", "orange", "pink", "brown", "grey", "white",
          "black", "teal");

  private static final String CONSONANTS = "bdfgklmnprstvz";
  private static final String VOWELS = "aeiou";

  private final Map<String, String> capitals;
  private final Map<String, String> colours;
  private final Map<String, Integer> moons;
  private final List<String> countryOrder;
  private final List<String> creatureOrder;
  private final List<String> planetOrder;

  private FactWorld(
      Map<String, String> capitals, Map<String, String> colours, Map<String, Integer> moons) {
    // insertion order, not Map.copyOf's: its iteration order changes from one JVM run to the next,
    // and the distractor options are drawn from it, so the benchmark's bytes would too
    this.capitals = Collections.unmodifiableMap(new LinkedHashMap<>(capitals));
    this.colours = Collections.unmodifiableMap(new LinkedHashMap<>(colours));
    this.moons = Collections.unmodifiableMap(new LinkedHashMap<>(moons));
    this.countryOrder = List.copyOf(capitals.keySet());
    this.creatureOrder = List.copyOf(colours.keySet());
    this.planetOrder = List.copyOf(moons.keySet());
  }

  /** The world every default generator uses: 40 countries, 30 creatures, 30 planets. */
  public static FactWorld standard() {
    return of(DEFAULT_SEED, 40, 30, 30);
  }

  /** Builds a world from its own seed; names are unique across all kinds of entity. */
  public static FactWorld of(long seed, int countries, int creatures, int planets) {
    var rng = new SplittableRandom(seed);
    Set<String> used = new HashSet<>();
    Map<String, String> capitals = new LinkedHashMap<>();
    for (int i = 0; i < countries; i++)
      capitals.put(name(rng, used, 3, true) + "ia", name(rng, used, 2, true));
    Map<String, String> colours = new LinkedHashMap<>();
    for (int i = 0; i < creatures; i++)
      colours.put(name(rng, used, 2, false), COLOURS.get(rng.nextInt(COLOURS.size())));
    Map<String, Integer> moons = new LinkedHashMap<>();
    for (int i = 0; i < planets; i++) moons.put(name(rng, used, 2, true) + "on", rng.nextInt(20));
    return new FactWorld(capitals, colours, moons);
  }

  private static String name(
      SplittableRandom rng, Set<String> used, int syllables, boolean capitalised) {
    while (true) {
      var sb = new StringBuilder();
      for (int s = 0; s < syllables; s++)
        sb.append(CONSONANTS.charAt(rng.nextInt(CONSONANTS.length())))
            .append(VOWELS.charAt(rng.nextInt(VOWELS.length())));
      sb.append(CONSONANTS.charAt(rng.nextInt(CONSONANTS.length())));
      if (capitalised) sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
      String name = sb.toString();
      if (used.add(name.toLowerCase())) return name;
    }
  }

  public List<String> countries() {
    return countryOrder;
  }

  public String capitalOf(String country) {
    return lookup(capitals, country);
  }

  public List<String> creatures() {
    return creatureOrder;
  }

  public String colourOf(String creature) {
    return lookup(colours, creature);
  }

  public List<String> planets() {
    return planetOrder;
  }

  public int moonsOf(String planet) {
    return lookup(moons, planet);
  }

  List<String> otherCapitals(String capital) {
    List<String> others = new ArrayList<>(capitals.values());
    others.remove(capital);
    return others;
  }

  private static <V> V lookup(Map<String, V> facts, String key) {
    V value = facts.get(key);
    if (value == null)
      throw new IllegalArgumentException("'" + key + "' is not in this fact world");
    return value;
  }
}
