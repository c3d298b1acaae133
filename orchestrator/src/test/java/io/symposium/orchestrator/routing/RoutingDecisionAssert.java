package io.symposium.orchestrator.routing;

import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractDoubleAssert;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/**
 * Domain assertions on a routing decision: {@code
 * assertThat(decision).experts().containsExactly(...)}.
 */
final class RoutingDecisionAssert
    extends AbstractObjectAssert<RoutingDecisionAssert, RoutingDecision> {

  private RoutingDecisionAssert(RoutingDecision actual) {
    super(actual, RoutingDecisionAssert.class);
  }

  static RoutingDecisionAssert assertThat(RoutingDecision decision) {
    return new RoutingDecisionAssert(decision);
  }

  ListAssert<String> experts() {
    isNotNull();
    return Assertions.assertThat(actual.experts()).as("experts");
  }

  ListAssert<String> distinctExperts() {
    return Assertions.assertThat(actual.distinctExperts()).as("distinct experts");
  }

  ListAssert<String> nextBest() {
    return Assertions.assertThat(actual.nextBest()).as("next-best candidates");
  }

  /** The fallbacks in declaration order. */
  ListAssert<Fallback> fallbacks() {
    return Assertions.assertThat(List.copyOf(actual.fallbacks())).as("fallbacks");
  }

  ListAssert<String> rankedModels() {
    return Assertions.assertThat(actual.scores().stream().map(ModelScore::model).toList())
        .as("candidates in ranking order");
  }

  AbstractDoubleAssert<?> probabilityOf(String model) {
    return Assertions.assertThat(score(model).probability())
        .as("recruitment probability of %s", model);
  }

  /**
   * The probability of each model in turn, to 1e-9; models not named must be candidates with
   * probability 0.
   */
  RoutingDecisionAssert hasProbabilities(Object... modelsAndProbabilities) {
    Set<String> named = new HashSet<>();
    for (int i = 0; i < modelsAndProbabilities.length; i += 2) {
      String model = (String) modelsAndProbabilities[i];
      named.add(model);
      probabilityOf(model).isCloseTo((Double) modelsAndProbabilities[i + 1], within(1e-9));
    }
    for (ModelScore score : actual.scores()) {
      if (!named.contains(score.model())) {
        Assertions.assertThat(score.probability())
            .as("recruitment probability of %s", score.model())
            .isZero();
      }
    }
    return this;
  }

  RoutingDecisionAssert hasSuitability(String model, long expected) {
    Assertions.assertThat(score(model).suitability())
        .as("local suitability of %s", model)
        .isEqualTo(expected);
    return this;
  }

  RoutingDecisionAssert hasNoFallback() {
    Assertions.assertThat(actual.fallbacks()).as("fallbacks").isEmpty();
    return this;
  }

  private ModelScore score(String model) {
    isNotNull();
    return actual
        .score(model)
        .orElseThrow(
            () ->
                new AssertionError(
                    "%s is not a candidate in %s".formatted(model, actual.scores())));
  }
}
