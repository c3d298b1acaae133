package io.symposium.orchestrator.query;

import io.symposium.orchestrator.routing.Router;
import io.symposium.orchestrator.routing.RoutingDecision;
import io.symposium.orchestrator.routing.RoutingInput;
import io.symposium.orchestrator.routing.RoutingOptions;
import io.symposium.orchestrator.routing.SkillProfiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How a query's experts are chosen. */
public enum Strategy {
  /** Symbolic-MoE: skill-based recruitment from profiles, exactly the paper's method. */
  SYMBOLIC_MOE("symbolic-moe"),
  /**
   * Composition of Experts (the default): category classifier, then the category's one expert; the
   * best measured router on the zoo (evals/README.md).
   */
  COE("coe"),
  /**
   * Symposium's skill accuracy: experts drawn by their estimated chance of answering this question
   * right, from their per-keyword validation record; the default for a query that asks for k
   * experts or chooses how they are drawn.
   */
  SKILL_ACCURACY("skill-accuracy"),
  /** The single most suitable expert, no aggregation. */
  SINGLE("single"),
  /** Every profiled expert answers. */
  ALL("all");

  private final String id;

  Strategy(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /**
   * The aggregation a query of this strategy gets when it names none: the paper's synthesis for
   * Symbolic-MoE (it stays the paper's method), the weighted vote for skill accuracy (93.1 %
   * against synthesis's 90.6 % on the zoo's test split, evals/README.md), synthesis elsewhere (one
   * expert needs none; all experts as before).
   */
  public Aggregation defaultAggregation() {
    return this == SKILL_ACCURACY ? Aggregation.WEIGHTED : Aggregation.SYNTHESIS;
  }

  /** Whether this strategy draws its experts, so that k and the drawing knobs apply. */
  public boolean draws() {
    return this == SYMBOLIC_MOE || this == SKILL_ACCURACY;
  }

  public static Strategy fromId(String id) {
    return Arrays.stream(values())
        .filter(s -> s.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown strategy '"
                        + id
                        + "'; use symbolic-moe, skill-accuracy, coe, single or all"));
  }

  /**
   * The experts for a question with these mapped {@code keywords}: {@code k} seeded draws, the one
   * best expert, or every profiled one.
   */
  public RoutingDecision route(SkillProfiles profiles, List<String> keywords, int k, long seed) {
    return route(profiles, keywords, k, seed, QueryKnobs.NONE);
  }

  /**
   * The experts as {@link #route(SkillProfiles, List, int, long)} chooses them, or with {@code
   * knobs}: the most probable ones reaching top-p (at most k), or the k most probable.
   */
  public RoutingDecision route(
      SkillProfiles profiles, List<String> keywords, int k, long seed, QueryKnobs knobs) {
    Router router =
        switch (this) {
          case COE -> Router.compositionOfExperts();
          case SKILL_ACCURACY -> Router.skillAccuracy();
          case SYMBOLIC_MOE, SINGLE, ALL -> Router.symbolicMoe();
        };
    RoutingOptions options =
        switch (this) {
          case SYMBOLIC_MOE, COE, SKILL_ACCURACY -> drawing(k, seed, knobs);
          case SINGLE -> RoutingOptions.topK(1);
          case ALL -> RoutingOptions.topK(profiles.size());
        };
    return router.route(new RoutingInput(profiles, keywords, options));
  }

  private static RoutingOptions drawing(int k, long seed, QueryKnobs knobs) {
    Double p = knobs.topP();
    if (p != null) {
      return RoutingOptions.topP(p, k);
    }
    if (knobs.deterministic()) {
      return RoutingOptions.topK(k);
    }
    return knobs.distinct()
        ? RoutingOptions.sampleDistinct(k, seed)
        : RoutingOptions.sample(k, seed);
  }

  /** Who answers: the decision's experts, once each, and for {@link #ALL} every candidate. */
  List<String> recruits(RoutingDecision routing) {
    List<String> recruits = new ArrayList<>(routing.distinctExperts());
    if (this == ALL) {
      recruits.addAll(routing.nextBest());
    }
    return List.copyOf(recruits);
  }

  /**
   * Who stands in for a failed expert, best first; none for {@link #ALL}, which asks every one
   * already.
   */
  List<String> spares(RoutingDecision routing) {
    return this == ALL ? List.of() : routing.nextBest();
  }
}
