package io.symposium.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The skill-accuracy router's scores on a two-model profile computed by hand: a specialist right on
 * all 4 "facts" questions and wrong on all 4 "logic" ones (net −4 over the pool, so Symbolic-MoE's
 * γ is 0), and a generalist right on 3 of 4 of each.
 */
final class SkillAccuracyRouterTest {

  static final SkillProfiles PROFILES =
      SkillProfiles.of(
          List.of(
              new ModelProfile("specialist", ordered("facts", 4, "logic", -4)),
              new ModelProfile("generalist", ordered("facts", 2, "logic", 2))));

  static final ValidationEvidence EVIDENCE =
      new ValidationEvidence(
          Map.of("facts", 4, "logic", 4), Map.of("specialist", 0.5, "generalist", 0.75));

  static Map<String, Integer> ordered(String k1, int s1, String k2, int s2) {
    Map<String, Integer> scores = new LinkedHashMap<>();
    scores.put(k1, s1);
    scores.put(k2, s2);
    return scores;
  }

  static RoutingDecision route(SkillProfiles profiles, List<String> keywords, RoutingOptions o) {
    return Router.skillAccuracy().route(new RoutingInput(profiles, keywords, o));
  }

  @Test
  void route_specialistsKeyword_shrunkAccuracyAndSquaredOdds() {
    RoutingDecision decision =
        route(PROFILES.withEvidence(EVIDENCE), List.of("facts"), RoutingOptions.topK(1));

    // specialist: (4 right + 2·0.5) / (4 + 2) = 5/6, odds 5, weight 5⁴ = 625
    // generalist: (3 right + 2·0.75) / (4 + 2) = 3/4, its prior: odds 3, weight 3⁴ = 81
    ModelScore specialist = decision.score("specialist").orElseThrow();
    ModelScore generalist = decision.score("generalist").orElseThrow();
    assertThat(specialist.estimate()).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(generalist.estimate()).isCloseTo(0.75, within(1e-12));
    assertThat(specialist.weight()).isCloseTo(625, within(1e-9));
    assertThat(generalist.weight()).isCloseTo(81, within(1e-9));
    assertThat(specialist.probability()).isCloseTo(625.0 / 706, within(1e-12));
    assertThat(specialist.suitability()).isEqualTo(4);
    assertThat(specialist.competence()).isEqualTo(0.5);
    assertThat(decision.experts()).containsExactly("specialist");
    assertThat(decision.nextBest()).containsExactly("generalist");
    assertThat(decision.fallbacks()).isEmpty();
  }

  @Test
  void route_spellingVariants_evidencePooled() {
    // "colors" (2 questions) and "colours" (2 questions): the specialist right on all 4, the
    // generalist on 2 of 4; apart, each keyword rests on 2 questions only
    Map<String, Integer> specialist = new LinkedHashMap<>();
    specialist.put("colors", 2);
    specialist.put("colours", 2);
    specialist.put("logic", -4);
    Map<String, Integer> generalist = new LinkedHashMap<>();
    generalist.put("colors", 0);
    generalist.put("colours", 0);
    generalist.put("logic", 2);
    SkillProfiles profiles =
        SkillProfiles.of(
                List.of(
                    new ModelProfile("specialist", specialist),
                    new ModelProfile("generalist", generalist)))
            .withEvidence(
                new ValidationEvidence(
                    Map.of("colors", 2, "colours", 2, "logic", 4),
                    Map.of("specialist", 0.5, "generalist", 0.625)));

    RoutingDecision decision = route(profiles, List.of("colors"), RoutingOptions.topK(1));

    // pooled: 4 questions; specialist (4 + 2·0.5) / 6 = 5/6 (apart it would be 3/4);
    // generalist (2 + 2·0.625) / 6 = 13/24
    assertThat(decision.score("specialist").orElseThrow().estimate())
        .isCloseTo(5.0 / 6, within(1e-12));
    assertThat(decision.score("generalist").orElseThrow().estimate())
        .isCloseTo(13.0 / 24, within(1e-12));
    // the explanation's suitability stays the keyword's own net score, as Symbolic-MoE shows it
    assertThat(decision.score("specialist").orElseThrow().suitability()).isEqualTo(2);
    assertThat(decision.experts()).containsExactly("specialist");
  }

  @Test
  void route_sameProfileSymbolicMoe_neverRecruitsTheSpecialist() {
    // the contrast this router exists for: γ of the specialist is 0, so S·γ is 0
    RoutingDecision faithful =
        Router.symbolicMoe()
            .route(new RoutingInput(PROFILES, List.of("facts"), RoutingOptions.topK(1)));

    assertThat(faithful.experts()).containsExactly("generalist");
    assertThat(faithful.score("specialist").orElseThrow().probability()).isZero();
  }

  @Test
  void route_keywordOutsideTheSpecialism_generalistFirst() {
    RoutingDecision decision =
        route(PROFILES.withEvidence(EVIDENCE), List.of("logic"), RoutingOptions.topK(2));

    // specialist: (0 + 1) / 6; generalist: (3 + 1.5) / 6
    assertThat(decision.score("specialist").orElseThrow().estimate())
        .isCloseTo(1.0 / 6, within(1e-12));
    assertThat(decision.experts()).containsExactly("generalist", "specialist");
  }

  @Test
  void route_repeatedAndUnknownKeywords_evidenceSummedInLogOdds() {
    RoutingDecision decision =
        route(
            PROFILES.withEvidence(EVIDENCE),
            List.of("facts", "facts", "logic", "astrology"),
            RoutingOptions.topK(1));

    // specialist, prior 0.5 (log-odds 0): ln 5 + ln 5 + ln(1/5) = ln 5, so 5/6; the generalist is
    // at
    // its prior on both keywords, so 3/4
    assertThat(decision.score("specialist").orElseThrow().estimate())
        .isCloseTo(5.0 / 6, within(1e-12));
    assertThat(decision.score("generalist").orElseThrow().estimate())
        .isCloseTo(0.75, within(1e-12));
    assertThat(decision.unknownKeywords()).containsExactly("astrology");
  }

  @Test
  void route_noKeywords_overallAccuracyDecides() {
    RoutingDecision decision =
        route(PROFILES.withEvidence(EVIDENCE), List.of(), RoutingOptions.topK(1));

    assertThat(decision.score("generalist").orElseThrow().estimate()).isEqualTo(0.75);
    assertThat(decision.experts()).containsExactly("generalist");
    assertThat(decision.fallbacks()).containsExactly(Fallback.EMPTY_KEYWORDS);
  }

  @Test
  void route_importedProfilesWithoutEvidence_countsFromTheScoresAndAnEvenPrior() {
    RoutingDecision decision = route(PROFILES, List.of("facts"), RoutingOptions.topK(1));

    // 4 questions (the largest |score|), prior 0.5: specialist 5/6, generalist (3 + 1) / 6
    assertThat(decision.score("specialist").orElseThrow().estimate())
        .isCloseTo(5.0 / 6, within(1e-12));
    assertThat(decision.score("generalist").orElseThrow().estimate())
        .isCloseTo(4.0 / 6, within(1e-12));
    assertThat(decision.fallbacks()).containsExactly(Fallback.NO_VALIDATION_EVIDENCE);
  }

  @Test
  void route_sampledDraws_sameSeedSameExperts() {
    SkillProfiles profiles = PROFILES.withEvidence(EVIDENCE);

    RoutingDecision first = route(profiles, List.of("facts"), RoutingOptions.sample(3, 7));
    RoutingDecision again = route(profiles, List.of("facts"), RoutingOptions.sample(3, 7));

    assertThat(first.experts()).hasSize(3).isEqualTo(again.experts());
  }

  @Test
  void withEvidence_scoreImpossibleForItsCount_rejected() {
    assertThatThrownBy(
            () ->
                PROFILES.withEvidence(
                    new ValidationEvidence(Map.of("facts", 3, "logic", 4), Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("impossible over 3 questions");
  }
}
