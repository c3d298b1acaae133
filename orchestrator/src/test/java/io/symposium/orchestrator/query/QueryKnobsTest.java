package io.symposium.orchestrator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.orchestrator.config.QueryProperties;
import io.symposium.orchestrator.config.RoutingProperties;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.routing.ModelProfile;
import io.symposium.orchestrator.routing.RoutingDecision;
import io.symposium.orchestrator.routing.SkillProfiles;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The routing and pool knobs of {@code /v1/query}: defaults, validation and routing options. */
final class QueryKnobsTest {

  final QueryDefaults defaults =
      new QueryDefaults(
          new QueryProperties(3, "coe", "skill-accuracy"),
          new RoutingProperties("synth", null, null, 5, null));

  static final SkillProfiles PROFILES =
      SkillProfiles.of(
          List.of(
              new ModelProfile("algebraist", Map.of("algebra", 4, "geometry", 1)),
              new ModelProfile("geometer", Map.of("algebra", 1, "geometry", 4)),
              new ModelProfile("generalist", Map.of("algebra", 2, "geometry", 2))));

  static QueryRequest request(
      @Nullable String strategy,
      @Nullable Integer k,
      @Nullable Double topP,
      @Nullable Boolean deterministic,
      @Nullable Integer maxExpertCalls,
      @Nullable Integer activeExperts) {
    return new QueryRequest(
        "What is 2 + 2?",
        k,
        strategy,
        null,
        null,
        null,
        null,
        null,
        topP,
        deterministic,
        maxExpertCalls,
        activeExperts);
  }

  @Test
  void noKnobs_planHasNone() {
    QueryPlan plan =
        defaults.plan(new QueryRequest("Why?", null, null, null, null, null, null, null));
    assertThat(plan.knobs()).isEqualTo(QueryKnobs.NONE);
  }

  @Test
  void noStrategyNoK_isCoeTheBestMeasured() {
    QueryPlan plan = defaults.plan(request(null, null, null, null, null, null));
    assertThat(plan.strategy()).isEqualTo(Strategy.COE);
  }

  @Test
  void noStrategyButK_isSkillAccuracyWithWeightedVote() {
    QueryPlan plan = defaults.plan(request(null, 3, null, null, null, null));
    assertThat(plan.strategy()).isEqualTo(Strategy.SKILL_ACCURACY);
    assertThat(plan.aggregation()).isEqualTo(Aggregation.WEIGHTED);
  }

  @Test
  void noStrategyButADrawingKnob_isSkillAccuracy() {
    assertThat(defaults.plan(request(null, null, 0.7, null, null, null)).strategy())
        .isEqualTo(Strategy.SKILL_ACCURACY);
    assertThat(defaults.plan(request(null, null, null, true, null, null)).strategy())
        .isEqualTo(Strategy.SKILL_ACCURACY);
  }

  @Test
  void symbolicMoeWithoutAggregation_keepsThePapersSynthesis() {
    QueryPlan plan = defaults.plan(request("symbolic-moe", 3, null, null, null, null));
    assertThat(plan.aggregation()).isEqualTo(Aggregation.SYNTHESIS);
  }

  @Test
  void coeWithABudgetOfOneCall_isAccepted() {
    QueryPlan plan = defaults.plan(request(null, null, null, null, 1, null));
    assertThat(plan.strategy()).isEqualTo(Strategy.COE);
    assertThat(plan.knobs().maxExpertCalls()).isEqualTo(1);
  }

  @Test
  void everyKnob_reachesThePlan() {
    QueryPlan plan = defaults.plan(request(null, 2, 0.8, null, 4, 1));
    assertThat(plan.knobs()).isEqualTo(new QueryKnobs(0.8, false, 4, 1));
  }

  @Test
  void topPWithDeterministic_is400() {
    assertThatThrownBy(() -> defaults.plan(request(null, null, 0.5, true, null, null)))
        .isInstanceOf(ApiProblemException.class)
        .hasMessageContaining("topP and deterministic do not combine");
  }

  @Test
  void topPOrDeterministic_withStrategyThatDrawsNone_is400() {
    for (String strategy : List.of("single", "all", "coe")) {
      assertThatThrownBy(() -> defaults.plan(request(strategy, null, 0.5, null, null, null)))
          .isInstanceOf(ApiProblemException.class)
          .hasMessageContaining("draws none");
      assertThatThrownBy(() -> defaults.plan(request(strategy, null, null, true, null, null)))
          .isInstanceOf(ApiProblemException.class)
          .hasMessageContaining("draws none");
    }
  }

  @Test
  void maxExpertCallsBelowK_is400_andWithAll_is400() {
    assertThatThrownBy(() -> defaults.plan(request(null, 3, null, null, 2, null)))
        .isInstanceOf(ApiProblemException.class)
        .hasMessageContaining("maxExpertCalls 2 is less than the 3 expert(s)");
    assertThatThrownBy(() -> defaults.plan(request("all", null, null, null, 5, null)))
        .isInstanceOf(ApiProblemException.class)
        .hasMessageContaining("strategy 'all'");
    // single recruits one expert, whatever k says
    assertThat(defaults.plan(request("single", 5, null, null, 1, null)).knobs().maxExpertCalls())
        .isEqualTo(1);
  }

  @Test
  void outOfRange_isRejectedByTheRecord() {
    assertThatThrownBy(() -> new QueryKnobs(0.0, false, null, null))
        .hasMessageContaining("topP must be in (0, 1]");
    assertThatThrownBy(() -> new QueryKnobs(null, false, 65, null))
        .hasMessageContaining("maxExpertCalls must be 1 to 64");
    assertThatThrownBy(() -> new QueryKnobs(null, false, null, 0))
        .hasMessageContaining("activeExperts must be 1 to 256");
  }

  @Test
  void deterministic_routesTopK_sameExpertsWhateverTheSeed() {
    QueryKnobs knobs = new QueryKnobs(null, true, null, null);
    RoutingDecision a = Strategy.SKILL_ACCURACY.route(PROFILES, List.of("algebra"), 2, 1, knobs);
    RoutingDecision b = Strategy.SKILL_ACCURACY.route(PROFILES, List.of("algebra"), 2, 99, knobs);
    assertThat(a.experts()).containsExactlyInAnyOrder("algebraist", "generalist");
    assertThat(b.experts()).isEqualTo(a.experts());
  }

  @Test
  void topP_routesTopP_withKAsTheMost() {
    RoutingDecision small =
        Strategy.SYMBOLIC_MOE.route(
            PROFILES, List.of("algebra"), 3, 0, new QueryKnobs(0.01, false, null, null));
    RoutingDecision whole =
        Strategy.SYMBOLIC_MOE.route(
            PROFILES, List.of("algebra"), 2, 0, new QueryKnobs(1.0, false, null, null));
    // the most probable expert alone reaches 1 %; all of the mass needs every expert, cut at k
    assertThat(small.experts()).containsExactly("algebraist");
    assertThat(whole.experts()).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void noKnobs_routesSampledDraws_asBefore() {
    RoutingDecision decision =
        Strategy.SKILL_ACCURACY.route(PROFILES, List.of("algebra"), 3, 7, QueryKnobs.NONE);
    assertThat(decision.experts()).hasSize(3); // three draws, with replacement
    assertThat(decision)
        .isEqualTo(Strategy.SKILL_ACCURACY.route(PROFILES, List.of("algebra"), 3, 7));
  }

  @Test
  void distinct_routesDrawsWithoutReplacement_kDistinctExpertsRepeatably() {
    QueryKnobs knobs = new QueryKnobs(null, false, null, null, true);
    for (long seed = 0; seed < 20; seed++) {
      for (Strategy strategy : List.of(Strategy.SKILL_ACCURACY, Strategy.SYMBOLIC_MOE)) {
        RoutingDecision decision = strategy.route(PROFILES, List.of("algebra"), 3, seed, knobs);
        assertThat(decision.experts()).hasSize(3).doesNotHaveDuplicates();
        assertThat(decision)
            .isEqualTo(strategy.route(PROFILES, List.of("algebra"), 3, seed, knobs));
      }
    }
  }

  @Test
  void distinct_fromTheRequest_reachesThePlan_andRefusesWhatDrawsNoneOrTopP() {
    QueryRequest distinct =
        new QueryRequest(
            "What is 2 + 2?", 2, null, null, null, null, null, null, null, null, null, null, true);
    assertThat(defaults.plan(distinct).knobs().distinct()).isTrue();
    QueryRequest withTopP =
        new QueryRequest(
            "What is 2 + 2?", 2, null, null, null, null, null, null, 0.5, null, null, null, true);
    assertThatThrownBy(() -> defaults.plan(withTopP))
        .isInstanceOf(ApiProblemException.class)
        .hasMessageContaining("distinct draws do not combine");
    QueryRequest withCoe =
        new QueryRequest(
            "What is 2 + 2?", 2, "coe", null, null, null, null, null, null, null, null, null, true);
    assertThatThrownBy(() -> defaults.plan(withCoe))
        .isInstanceOf(ApiProblemException.class)
        .hasMessageContaining("draws none");
  }
}
