package io.symposium.orchestrator.routing;

import static io.symposium.orchestrator.routing.ProfileFixtures.scores;
import static io.symposium.orchestrator.routing.RoutingDecisionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Composition-of-Experts router (research/symbolic-moe.md §6.3) on the §1.12 profiles, where γ
 * ranks C, B, A and the derived categories are: algebra → A, geometry → B, biology and law → C.
 */
final class CompositionOfExpertsRouterTest extends RouterContract {

  static final SkillProfiles EXAMPLE = ProfileFixtures.workedExample();
  static final Map<String, String> SUBJECTS =
      Map.of("algebra", "math", "geometry", "math", "biology", "science", "law", "humanities");

  @Override
  Router router() {
    return Router.compositionOfExperts();
  }

  @Override
  boolean samplesKExperts() {
    return false;
  }

  static RoutingDecision route(
      CompositionOfExpertsOptions options, List<String> keywords, RoutingOptions routing) {
    return Router.compositionOfExperts(options).route(new RoutingInput(EXAMPLE, keywords, routing));
  }

  static RoutingDecision derived(String... keywords) {
    return route(
        CompositionOfExpertsOptions.derived(), List.of(keywords), RoutingOptions.defaults());
  }

  @Test
  void categoryMap_derivedFromProfiles_bestModelPerCategory() {
    CategoryMap map =
        new CompositionOfExpertsRouter(CompositionOfExpertsOptions.derived()).categoryMap(EXAMPLE);
    assertThat(List.of("algebra", "geometry", "biology", "law"))
        .extracting(k -> map.category(map.categoryOf(k)))
        .containsExactly("A", "B", "C", "C");
    assertThat(map.experts(EXAMPLE))
        .containsOnly(entry("A", "A"), entry("B", "B"), entry("C", "C"));
  }

  @Test
  void categoryMap_givenCategories_summedProfileScoresDecide() {
    // math: A 3−1 = 2, B 1+2 = 3, C −3; science: biology; humanities: law (A −1, B −3, C 0)
    CategoryMap map =
        new CompositionOfExpertsRouter(CompositionOfExpertsOptions.withCategories(SUBJECTS))
            .categoryMap(EXAMPLE);
    assertThat(map.experts(EXAMPLE))
        .containsOnly(entry("math", "B"), entry("science", "C"), entry("humanities", "C"));
  }

  @Test
  void categoryMap_sameProfilesAndOptions_builtOnceAcrossRouters() {
    CategoryMap first =
        new CompositionOfExpertsRouter(CompositionOfExpertsOptions.derived()).categoryMap(EXAMPLE);
    assertThat(
            new CompositionOfExpertsRouter(CompositionOfExpertsOptions.derived())
                .categoryMap(EXAMPLE))
        .isSameAs(first);
    assertThat(
            new CompositionOfExpertsRouter(CompositionOfExpertsOptions.derived())
                .categoryMap(ProfileFixtures.workedExample()))
        .isNotSameAs(first);
    assertThat(
            new CompositionOfExpertsRouter(CompositionOfExpertsOptions.withCategories(SUBJECTS))
                .categoryMap(EXAMPLE))
        .isNotSameAs(first);
  }

  @Test
  void route_confidentCategory_categoryExpertAlone() {
    RoutingDecision decision = derived("biology");
    assertThat(decision).experts().containsExactly("C");
    assertThat(decision)
        .hasProbabilities("C", 1.0)
        .hasNoFallback()
        .hasSuitability("C", 5)
        .hasSuitability("A", -4);
    assertThat(decision.classification()).isEqualTo(new Classification("C", 1.0, 1, 1));
  }

  @Test
  void route_majorityOfKeywords_thatCategory() {
    RoutingDecision decision = derived("law", "algebra", "law");
    assertThat(decision).experts().containsExactly("C");
    assertThat(decision.classification()).isEqualTo(new Classification("C", 2.0 / 3, 2, 3));
  }

  @Test
  void route_tieAtThreshold_firstVotedCategoryWins() {
    RoutingDecision decision = derived("algebra", "geometry");
    assertThat(decision.classification()).isEqualTo(new Classification("A", 0.5, 1, 2));
    assertThat(decision).experts().containsExactly("A");
    assertThat(decision).hasNoFallback();
  }

  @Test
  void route_confidenceBelowThreshold_mostCompetentGeneralist() {
    RoutingDecision decision =
        route(
            CompositionOfExpertsOptions.derived().withConfidenceThreshold(0.6),
            List.of("algebra", "geometry"),
            RoutingOptions.defaults());
    assertThat(decision).experts().containsExactly("C");
    assertThat(decision).fallbacks().containsExactly(Fallback.LOW_CONFIDENCE);
    assertThat(decision).nextBest().containsExactly("B", "A");
    assertThat(decision.classification()).isNotNull();
  }

  @Test
  void route_lowConfidenceWithConfiguredGeneralist_thatModel() {
    RoutingDecision decision =
        route(
            CompositionOfExpertsOptions.derived().withConfidenceThreshold(0.6).withGeneralist("A"),
            List.of("algebra", "geometry"),
            RoutingOptions.defaults());
    assertThat(decision).experts().containsExactly("A");
    assertThat(decision).nextBest().containsExactly("C", "B");
  }

  @Test
  void route_configuredGeneralistExcluded_nextMostCompetent() {
    RoutingDecision decision =
        route(
            CompositionOfExpertsOptions.derived().withGeneralist("C"),
            List.of(),
            RoutingOptions.defaults().excluding(List.of("C")));
    assertThat(decision).experts().containsExactly("B");
    assertThat(decision).fallbacks().containsExactly(Fallback.EMPTY_KEYWORDS);
  }

  @Test
  void route_generalistWithoutProfile_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                route(
                    CompositionOfExpertsOptions.derived().withGeneralist("Z"),
                    List.of("law"),
                    RoutingOptions.defaults()))
        .withMessageContaining("generalist 'Z' has no profile");
  }

  @Test
  void route_givenCategories_categoryExpert() {
    RoutingDecision decision =
        route(
            CompositionOfExpertsOptions.withCategories(SUBJECTS),
            List.of("algebra", "geometry"),
            RoutingOptions.defaults());
    assertThat(decision.classification()).isEqualTo(new Classification("math", 1.0, 2, 2));
    assertThat(decision).experts().containsExactly("B");
    assertThat(decision).nextBest().containsExactly("A", "C");
  }

  @Test
  void route_categoryExpertExcluded_nextBestForThatCategory() {
    RoutingDecision decision =
        route(
            CompositionOfExpertsOptions.withCategories(SUBJECTS),
            List.of("algebra", "geometry"),
            RoutingOptions.defaults().excluding(List.of("B")));
    assertThat(decision).experts().containsExactly("A");
  }

  @Test
  void route_anyKOrMode_oneExpert() {
    assertThat(
            route(
                CompositionOfExpertsOptions.derived(),
                List.of("biology"),
                RoutingOptions.sample(5, 1)))
        .experts()
        .containsExactly("C");
    assertThat(
            route(
                CompositionOfExpertsOptions.derived(),
                List.of("biology"),
                RoutingOptions.topP(1.0, 4)))
        .experts()
        .containsExactly("C");
  }

  @Test
  void route_noKeywordInVocabulary_generalist() {
    RoutingDecision decision = derived("astronomy");
    assertThat(decision).experts().containsExactly("C");
    assertThat(decision).fallbacks().containsExactly(Fallback.NO_KEYWORD_IN_VOCABULARY);
    assertThat(decision.unknownKeywords()).containsExactly("astronomy");
    assertThat(decision.classification()).isNull();
  }

  @Test
  void route_unknownKeywordsDiluteConfidence() {
    RoutingDecision decision = derived("biology", "astronomy", "chemistry");
    assertThat(decision.classification()).isEqualTo(new Classification("C", 1.0 / 3, 1, 3));
    assertThat(decision).fallbacks().containsExactly(Fallback.LOW_CONFIDENCE);
  }

  @Test
  void route_keywordEveryModelScoresAlike_noVote() {
    SkillProfiles profiles =
        SkillProfiles.of(
            List.of(
                new ModelProfile("X", scores("common", 2, "rare", 4)),
                new ModelProfile("Y", scores("common", 2, "rare", -1))));
    RoutingDecision decision =
        Router.compositionOfExperts().route(RoutingInput.of(profiles, List.of("common")));
    assertThat(decision).fallbacks().containsExactly(Fallback.LOW_CONFIDENCE);
    assertThat(decision).experts().containsExactly("X"); // the most competent
  }

  @Test
  void options_thresholdOutOfRange_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CompositionOfExpertsOptions.derived().withConfidenceThreshold(1.5))
        .withMessageContaining("confidence threshold");
  }
}
