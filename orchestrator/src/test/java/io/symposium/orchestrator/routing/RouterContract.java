package io.symposium.orchestrator.routing;

import static io.symposium.orchestrator.routing.RoutingDecisionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link Router} promises (STYLE.md rule 20): the right number of known experts, the
 * same decision for the same input and seed, exclusions and restrictions respected, and a
 * documented fallback for a query without keywords.
 */
abstract class RouterContract {

  static final int MODELS = 12;
  static final int VOCABULARY = 200;
  static final SkillProfiles PROFILES = ProfileFixtures.random(MODELS, VOCABULARY, 6, 7);

  /** A fresh router of the kind under test. */
  abstract Router router();

  /**
   * Whether {@link RecruitmentMode#SAMPLE} recruits exactly k experts; a single-expert router
   * recruits one.
   */
  abstract boolean samplesKExperts();

  static List<List<String>> queries(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<List<String>> queries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      queries.add(ProfileFixtures.randomQuery(random, VOCABULARY, 1 + random.nextInt(5)));
    }
    return queries;
  }

  RoutingDecision route(List<String> keywords, RoutingOptions options) {
    return router().route(new RoutingInput(PROFILES, keywords, options));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 20})
  void route_sample_recruitsKExpertsWithRepeats(int k) {
    for (List<String> query : queries(50, k)) {
      RoutingDecision decision = route(query, RoutingOptions.sample(k, 11));
      assertThat(decision.experts()).hasSize(samplesKExperts() ? k : 1);
    }
  }

  @ParameterizedTest
  @EnumSource(RecruitmentMode.class)
  void route_anyMode_atMostKDistinctProfiledModels(RecruitmentMode mode) {
    for (List<String> query : queries(50, 3)) {
      RoutingOptions options =
          switch (mode) {
            case SAMPLE -> RoutingOptions.sample(3, 5);
            case SAMPLE_DISTINCT -> RoutingOptions.sampleDistinct(3, 5);
            case TOP_K -> RoutingOptions.topK(3);
            case TOP_P -> RoutingOptions.topP(0.7, 3);
          };
      RoutingDecision decision = route(query, options);
      assertThat(decision)
          .experts()
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(3)
          .allSatisfy(e -> assertThat(PROFILES.models()).contains(e));
      assertThat(decision.scores()).extracting(ModelScore::model).isSubsetOf(PROFILES.models());
      if (mode != RecruitmentMode.SAMPLE) {
        assertThat(decision).experts().doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void route_fixedSeed_sameDecisionEveryTime() {
    for (List<String> query : queries(50, 13)) {
      RoutingDecision first =
          router().route(new RoutingInput(PROFILES, query, RoutingOptions.sample(5, 99)));
      RoutingDecision again =
          router()
              .route(
                  new RoutingInput(
                      ProfileFixtures.random(MODELS, VOCABULARY, 6, 7),
                      List.copyOf(query),
                      RoutingOptions.sample(5, 99)));
      assertThat(again).isEqualTo(first);
    }
  }

  @Test
  void route_concurrentCalls_sameDecisionsAsSequential() {
    Router router = router();
    List<List<String>> queries = queries(400, 17);
    List<RoutingDecision> sequential =
        queries.stream()
            .map(q -> router.route(new RoutingInput(PROFILES, q, RoutingOptions.sample(3, 1))))
            .toList();
    List<RoutingDecision> parallel =
        IntStream.range(0, queries.size())
            .parallel()
            .mapToObj(
                i ->
                    router.route(
                        new RoutingInput(PROFILES, queries.get(i), RoutingOptions.sample(3, 1))))
            .toList();
    assertThat(parallel).isEqualTo(sequential);
  }

  @Test
  void route_excludedModels_neverRecruitedScoredOrOffered() {
    for (List<String> query : queries(30, 19)) {
      RoutingDecision first = route(query, RoutingOptions.sample(3, 2));
      RoutingOptions excluding = RoutingOptions.sample(3, 2).excluding(first.distinctExperts());
      RoutingDecision second = route(query, excluding);
      assertThat(second).experts().doesNotContainAnyElementsOf(first.distinctExperts());
      assertThat(second).nextBest().doesNotContainAnyElementsOf(first.distinctExperts());
      assertThat(second).rankedModels().doesNotContainAnyElementsOf(first.distinctExperts());
    }
  }

  @Test
  void route_failingExpertExcluded_replacementComesFromNextBest() {
    for (List<String> query : queries(30, 23)) {
      RoutingDecision decision = route(query, RoutingOptions.topK(1));
      String failed = decision.experts().getFirst();
      RoutingDecision retry = route(query, RoutingOptions.topK(1).excluding(List.of(failed)));
      assertThat(retry).experts().hasSize(1).isSubsetOf(decision.nextBest());
    }
  }

  @Test
  void route_restrictedCandidates_recruitsOnlyThose() {
    Set<String> allowed = Set.of("m01", "m04", "m09");
    for (List<String> query : queries(30, 29)) {
      RoutingDecision decision = route(query, RoutingOptions.sample(4, 3).restrictedTo(allowed));
      assertThat(decision).experts().isSubsetOf(allowed);
      assertThat(decision).rankedModels().containsExactlyInAnyOrderElementsOf(allowed);
    }
  }

  @Test
  void route_anyQuery_expertsAndNextBestPartitionTheCandidates() {
    for (List<String> query : queries(50, 31)) {
      RoutingDecision decision =
          route(query, RoutingOptions.sample(3, 4).excluding(List.of("m00")));
      Set<String> union = new HashSet<>(decision.distinctExperts());
      union.addAll(decision.nextBest());
      assertThat(union)
          .hasSize(decision.distinctExperts().size() + decision.nextBest().size())
          .hasSize(MODELS - 1)
          .doesNotContain("m00");
    }
  }

  @Test
  void route_anyQuery_probabilitiesSumToOne() {
    for (List<String> query : queries(50, 37)) {
      double sum =
          route(query, RoutingOptions.defaults()).scores().stream()
              .mapToDouble(ModelScore::probability)
              .sum();
      assertThat(sum).isCloseTo(1, within(1e-9));
    }
  }

  @Test
  void route_emptyKeywords_documentedFallback() {
    RoutingDecision decision = route(List.of(), RoutingOptions.sample(3, 8));
    assertThat(decision).fallbacks().containsExactly(Fallback.EMPTY_KEYWORDS);
    assertThat(decision).experts().hasSize(samplesKExperts() ? 3 : 1);
    assertThat(decision.unknownKeywords()).isEmpty();
  }

  @Test
  void route_keywordsOutsideVocabulary_reportedAndFallenBack() {
    RoutingDecision decision =
        route(List.of("no-such-skill", "nor-this"), RoutingOptions.sample(3, 8));
    assertThat(decision.unknownKeywords()).containsExactly("no-such-skill", "nor-this");
    assertThat(decision).fallbacks().contains(Fallback.NO_KEYWORD_IN_VOCABULARY);
    assertThat(decision).experts().isNotEmpty();
  }

  @Test
  void route_everyModelExcluded_rejectedWithTheModels() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> route(List.of("kw0001"), RoutingOptions.defaults().excluding(PROFILES.models())))
        .withMessageContaining("no model left to recruit")
        .withMessageContaining("m11");
  }

  @Test
  void route_restrictionToUnknownModel_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                route(
                    List.of("kw0001"),
                    RoutingOptions.defaults().restrictedTo(List.of("m01", "ghost"))))
        .withMessageContaining("ghost");
  }

  @Test
  void route_exclusionOfUnknownModel_ignored() {
    RoutingDecision decision =
        route(List.of("kw0001"), RoutingOptions.defaults().excluding(List.of("retired-model")));
    assertThat(decision).isEqualTo(route(List.of("kw0001"), RoutingOptions.defaults()));
  }
}
