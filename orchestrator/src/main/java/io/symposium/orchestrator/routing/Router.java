package io.symposium.orchestrator.routing;

/**
 * Chooses the experts that answer one query. A router is stateless apart from caches, thread-safe,
 * and never blocks: everything it needs arrives in the {@link RoutingInput}.
 */
@FunctionalInterface
public interface Router {

  /**
   * Routes one query.
   *
   * @throws IllegalArgumentException when the options leave no candidate model, or name a model the
   *     profiles do not know as the only candidates
   */
  RoutingDecision route(RoutingInput input);

  /**
   * The default router: Symbolic-MoE recruitment from skill profiles (research/symbolic-moe.md
   * §1.4–1.6).
   */
  static Router symbolicMoe() {
    return new SymbolicMoeRouter();
  }

  /**
   * Symposium's skill-accuracy router: each model's chance of answering this query right, estimated
   * from its per-keyword validation record; see {@link SkillAccuracyRouter}.
   */
  static Router skillAccuracy() {
    return new SkillAccuracyRouter();
  }

  /**
   * Composition of Experts (research/symbolic-moe.md §6.3) with the given categories, threshold and
   * generalist.
   */
  static Router compositionOfExperts(CompositionOfExpertsOptions options) {
    return new CompositionOfExpertsRouter(options);
  }

  /**
   * Composition of Experts with categories derived from the profiles, see {@link
   * CompositionOfExpertsOptions#derived()}.
   */
  static Router compositionOfExperts() {
    return new CompositionOfExpertsRouter(CompositionOfExpertsOptions.derived());
  }
}
