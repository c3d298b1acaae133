package io.symposium.evals.synth;

import static io.symposium.evals.synth.Draws.intDistractors;
import static io.symposium.evals.synth.Draws.phrase;
import static io.symposium.evals.synth.Draws.pick;
import static io.symposium.evals.synth.Draws.shuffledFirst;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The problems of the facts skills ({@link Skill}): lookups in the {@link FactWorld}: capitals,
 * creature colours, planet moons.
 */
final class FactProblems {

  private FactProblems() {}

  static Problem capital(SplittableRandom rng, FactWorld world, ItemFormat format) {
    String country = pick(rng, world.countries());
    String capital = world.capitalOf(country);
    String stem =
        phrase(
                rng,
                "What is the capital of %s?",
                "Which city is the capital of %s?",
                "%s has which capital city?")
            .formatted(country);
    return new Problem(
        stem,
        capital,
        "The capital of %s is %s.".formatted(country, capital),
        shuffledFirst(rng, world.otherCapitals(capital), 9));
  }

  static Problem creatureColour(SplittableRandom rng, FactWorld world, ItemFormat format) {
    String creature = pick(rng, world.creatures());
    String colour = world.colourOf(creature);
    String stem =
        phrase(
                rng,
                "What colour is a %s?",
                "Which colour does the %s have?",
                "A %s is what colour?")
            .formatted(creature);
    List<String> others = new ArrayList<>(FactWorld.COLOURS);
    others.remove(colour);
    return new Problem(
        stem, colour, "A %s is %s.".formatted(creature, colour), shuffledFirst(rng, others, 9));
  }

  static Problem planetMoons(SplittableRandom rng, FactWorld world, ItemFormat format) {
    String planet = pick(rng, world.planets());
    int moons = world.moonsOf(planet);
    String stem =
        phrase(
                rng,
                "How many moons does planet %s have?",
                "Planet %s has how many moons?",
                "Count the moons of planet %s.")
            .formatted(planet);
    return new Problem(
        stem,
        Integer.toString(moons),
        "%s has %d moons.".formatted(planet, moons),
        intDistractors(rng, moons, List.of(), 0, 19));
  }
}
