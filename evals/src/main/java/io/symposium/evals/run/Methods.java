package io.symposium.evals.run;

import static io.symposium.evals.run.Aggregation.MAJORITY;
import static io.symposium.evals.run.Aggregation.ORACLE;
import static io.symposium.evals.run.Aggregation.SINGLE;
import static io.symposium.evals.run.Aggregation.SYNTHESIS;
import static io.symposium.evals.run.Aggregation.WEIGHTED;

import io.symposium.orchestrator.routing.Router;
import io.symposium.orchestrator.routing.RoutingDecision;
import io.symposium.orchestrator.routing.RoutingInput;
import io.symposium.orchestrator.routing.RoutingOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The methods a run can evaluate. Each is one line here: a router the service offers is {@link
 * #routed}, a fixed set of experts chosen on the validation split is {@link #fixed}.
 */
public final class Methods {
  static final List<Aggregation> COMBINED = List.of(SYNTHESIS, MAJORITY, WEIGHTED);
  static final int SELF_CONSISTENCY_SAMPLES = 5;
  static final double SAMPLING_TEMPERATURE = 0.7;

  private Methods() {}

  /** Every method, in report order, recruiting {@code k} experts where k applies. */
  public static List<Method> all(int k) {
    return List.of(
        routed("symbolic-moe", true, Router.symbolicMoe(), seed -> RoutingOptions.sample(k, seed)),
        routed("symbolic-moe-topk", false, Router.symbolicMoe(), seed -> RoutingOptions.topK(k)),
        routed("coe", false, Router.compositionOfExperts(), seed -> RoutingOptions.sample(k, seed)),
        routed(
            "skill-accuracy", true, Router.skillAccuracy(), seed -> RoutingOptions.sample(k, seed)),
        fixed("task-best", List.of(SINGLE), c -> c.validation().ranking().subList(0, 1)),
        new Method("random-k", true, COMBINED, randomK()),
        fixed("task-top-k", COMBINED, c -> top(c.validation().ranking(), c.k())),
        new Method("self-consistency", true, List.of(MAJORITY), selfConsistency()),
        fixed("all-experts", List.of(MAJORITY), RecruitContext::experts),
        fixed("oracle", List.of(ORACLE), RecruitContext::experts));
  }

  /** The methods named in {@code spec} (comma-separated, or {@code all}). */
  public static List<Method> parse(String spec, int k) {
    Map<String, Method> byName = new LinkedHashMap<>();
    all(k).forEach(m -> byName.put(m.name(), m));
    if (spec.equals("all")) return List.copyOf(byName.values());
    List<Method> chosen = new ArrayList<>();
    for (String name : spec.split(",")) {
      Method m = byName.get(name.strip());
      if (m == null)
        throw new IllegalArgumentException(
            "unknown method '%s'; known: %s".formatted(name.strip(), byName.keySet()));
      if (!chosen.contains(m)) chosen.add(m);
    }
    return chosen;
  }

  /**
   * A router of the orchestrator: its recruits' greedy answers, weighted by draws × probability.
   */
  static Method routed(
      String name, boolean seeded, Router router, LongFunction<RoutingOptions> options) {
    Method.Recruiter recruiter =
        (context, item, keywords, seed) -> {
          RoutingDecision d =
              router.route(new RoutingInput(context.profiles(), keywords, options.apply(seed)));
          Map<String, Double> p = d.probabilities();
          return new Recruitment(
              d.distinctExperts().stream()
                  .map(
                      m ->
                          new Recruitment.Draw(
                              AnswerKey.greedy(m, item.id()),
                              d.multiplicity(m) * p.getOrDefault(m, 0.0)))
                  .toList());
        };
    return new Method(name, seeded, COMBINED, recruiter);
  }

  /** The same experts for every question, their votes weighted by validation accuracy. */
  static Method fixed(
      String name, List<Aggregation> aggregations, Function<RecruitContext, List<String>> experts) {
    return new Method(
        name,
        false,
        aggregations,
        (context, item, keywords, seed) -> byAccuracy(context, experts.apply(context), item));
  }

  /** k distinct experts drawn uniformly, per question and seed. */
  static Method.Recruiter randomK() {
    return (context, item, keywords, seed) -> {
      List<String> shuffled = new ArrayList<>(context.experts());
      Collections.shuffle(shuffled, new Random(Arrays.hashCode(new long[] {seed, item.id()})));
      return byAccuracy(context, top(shuffled, context.k()), item);
    };
  }

  /** The task-best expert sampled several times at T 0.7; each sample has its own seed. */
  static Method.Recruiter selfConsistency() {
    return (context, item, keywords, seed) -> {
      String best = context.validation().ranking().getFirst();
      List<Recruitment.Draw> draws = new ArrayList<>();
      for (int i = 0; i < SELF_CONSISTENCY_SAMPLES; i++)
        draws.add(
            new Recruitment.Draw(
                new AnswerKey(
                    best, item.id(), SAMPLING_TEMPERATURE, seed * SELF_CONSISTENCY_SAMPLES + i + 1),
                1));
      return new Recruitment(draws);
    };
  }

  private static Recruitment byAccuracy(
      RecruitContext context, List<String> experts, EvalItem item) {
    return new Recruitment(
        experts.stream()
            .map(
                m ->
                    new Recruitment.Draw(
                        AnswerKey.greedy(m, item.id()), context.accuracy().getOrDefault(m, 0.0)))
            .toList());
  }

  private static List<String> top(List<String> models, int k) {
    return List.copyOf(models.subList(0, Math.min(k, models.size())));
  }
}
