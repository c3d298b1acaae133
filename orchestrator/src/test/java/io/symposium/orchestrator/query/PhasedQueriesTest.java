package io.symposium.orchestrator.query;

import static io.symposium.orchestrator.query.ScriptedModels.Script.answers;
import static io.symposium.orchestrator.query.ScriptedModels.Script.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.orchestrator.query.QueryResult.ExpertStatus;
import io.symposium.orchestrator.routing.RoutingDecision;
import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.OfflinePlan;
import io.symposium.pool.PlanResult;
import io.symposium.profile.KeywordExtractor;
import io.symposium.profile.KeywordVocabulary;
import io.symposium.profile.ProfilingPrompts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The phased offline plan without Spring, over scripted models (a fake backend inside a unit test
 * of scheduling logic): the order the models are called in, that each line's answer is the one the
 * live pipeline gives, and what happens to failures.
 */
final class PhasedQueriesTest {

  final ScriptedModels models = new ScriptedModels();

  /** Every model the pool plan ran, in order, each time it started one. */
  final List<String> planModels = new CopyOnWriteArrayList<>();

  final List<String> phases = new CopyOnWriteArrayList<>();

  PhasedQueriesTest() {
    models.script("keywords", answers(" algebra, geometry"));
    QueryPipelineTest.LETTERS.forEach(
        (model, letter) -> models.script(model, answers(" So. The answer is (" + letter + ")\n")));
    models.script("aggregator", answers(" The answer is (B)\n"));
  }

  RoutingContext context() {
    KeywordExtractor keywords =
        KeywordExtractor.create(
            models,
            "keywords",
            ProfilingPrompts.compact(),
            KeywordExtractor.Settings.defaults().withSamples(1).withThresholds(20, 1));
    return new RoutingContext(
        "t",
        1,
        QueryPipelineTest.PROFILES,
        KeywordVocabulary.of(
            QueryPipelineTest.PROFILES.vocabulary(),
            QueryPipelineTest.oneHot(List.copyOf(QueryPipelineTest.PROFILES.vocabulary()))),
        keywords,
        "aggregator");
  }

  /** The pool's plan as the pool runs it: model after model, in the plan's order. */
  CompletableFuture<PlanResult> runPlan(OfflinePlan plan) {
    return CompletableFuture.supplyAsync(
        () -> {
          Map<String, Completion> done = new ConcurrentHashMap<>();
          Map<String, String> failed = new ConcurrentHashMap<>();
          for (String model : plan.modelOrder()) {
            planModels.add(model);
            for (OfflinePlan.Assignment a : plan.forModel(model)) {
              try {
                done.put(
                    a.key(), Objects.requireNonNull(models.generate(model, a.request()).block()));
              } catch (RuntimeException e) {
                failed.put(a.key(), String.valueOf(e.getMessage()));
              }
            }
          }
          return new PlanResult(done, failed, plan.modelOrder(), 0, Duration.ZERO);
        });
  }

  PhasedQueries phased(RoutingContext context) {
    return new PhasedQueries(
        task -> Mono.just(context),
        models,
        this::runPlan,
        model -> ProfilingPrompts.compact(),
        model -> AggregationPrompt.compact(),
        List::of,
        model -> false);
  }

  static QueryPlan plan(String question, Aggregation aggregation) {
    return new QueryPlan(
        question,
        "t",
        3,
        Strategy.SYMBOLIC_MOE,
        aggregation,
        false,
        QueryPipelineTest.SEED,
        48,
        null,
        Delivery.WHOLE,
        List.of());
  }

  static String question(int n) {
    return "Which is even? The options are: (A) " + (2 * n + 1) + " (B) " + (2 * n) + " (C) 7";
  }

  Map<String, PhasedQueries.Outcome> run(PhasedQueries phased, List<PhasedQueries.Line> lines) {
    Map<String, PhasedQueries.Outcome> out = new LinkedHashMap<>();
    phased
        .run(lines, (phase, done, total) -> phases.add(phase.name()))
        .doOnNext(o -> out.put(o.key(), o))
        .blockLast(Duration.ofSeconds(30));
    return out;
  }

  @Test
  void run_manyQuestions_keywordsFirstThenEachExpertOnceInARowThenTheAggregatorLast() {
    List<PhasedQueries.Line> lines = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      lines.add(
          new PhasedQueries.Routed(
              "q" + i, UUID.randomUUID(), plan(question(i), Aggregation.SYNTHESIS)));
    }

    Map<String, PhasedQueries.Outcome> outcomes = run(phased(context()), lines);

    assertThat(outcomes)
        .hasSize(5)
        .allSatisfy((k, o) -> assertThat(o).isInstanceOf(PhasedQueries.Answered.class));
    List<String> called = models.calledModels();
    // phase 1: the keyword model only, every question; phase 3: the aggregator only
    int lastKeyword = called.lastIndexOf("keywords");
    int firstAggregator = called.indexOf("aggregator");
    assertThat(called.subList(0, lastKeyword + 1)).containsOnly("keywords").hasSize(5);
    assertThat(called.subList(firstAggregator, called.size())).containsOnly("aggregator");
    // phase 2: one block per expert, each expert's block once (the pool loads it once)
    List<String> experts = called.subList(lastKeyword + 1, firstAggregator);
    List<String> blocks = new ArrayList<>();
    for (String model : experts) {
      if (blocks.isEmpty() || !blocks.getLast().equals(model)) {
        blocks.add(model);
      }
    }
    assertThat(blocks).doesNotHaveDuplicates().isEqualTo(planModels);
    assertThat(phases).startsWith("ROUTING").contains("EXPERTS").endsWith("AGGREGATION");
  }

  @Test
  void run_eachAnswer_isTheOneTheLivePipelineGives() {
    QueryPlan plan = plan(question(3), Aggregation.SYNTHESIS);
    UUID id = UUID.randomUUID();
    QueryResult live =
        new QueryPipeline(
                task -> Mono.just(context()),
                models,
                model -> ProfilingPrompts.compact(),
                model -> AggregationPrompt.compact(),
                List::of)
            .run(id, plan, e -> {})
            .block();
    assertThat(live).isNotNull();

    PhasedQueries.Outcome outcome =
        run(phased(context()), List.of(new PhasedQueries.Routed("a", id, plan))).get("a");

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PhasedQueries.Answered.class,
            a -> {
              QueryResult batched = a.result();
              assertThat(batched.id()).isEqualTo(id);
              assertThat(batched.routing()).isEqualTo(live.routing());
              assertThat(batched.skills()).isEqualTo(live.skills());
              assertThat(batched.finalAnswer()).isEqualTo(live.finalAnswer());
              assertThat(batched.extractedAnswer()).isEqualTo(live.extractedAnswer());
              assertThat(batched.experts())
                  .extracting(QueryResult.ExpertOutcome::model, QueryResult.ExpertOutcome::answer)
                  .containsExactlyInAnyOrderElementsOf(
                      live.experts().stream()
                          .map(e -> org.assertj.core.groups.Tuple.tuple(e.model(), e.answer()))
                          .toList());
              // the expert calls of phase 2 are counted in the answer's usage as live ones are
              assertThat(batched.usage().calls()).hasSameSizeAs(live.usage().calls());
            });
  }

  @Test
  void run_expertFailsInThePlan_askedAgainLiveAndReplacedAsThePipelineDoes() {
    RoutingDecision expected =
        Strategy.SYMBOLIC_MOE.route(
            QueryPipelineTest.PROFILES,
            QueryPipelineTest.SKILLS,
            3,
            QueryPipelineTest.SEED,
            QueryKnobs.NONE);
    String failing = expected.distinctExperts().getFirst();
    String replacement = expected.nextBest().getFirst();
    models.script(failing, fails(new BackendUnavailableException(failing + " is down")));

    PhasedQueries.Outcome outcome =
        run(
                phased(context()),
                List.of(
                    new PhasedQueries.Routed(
                        "a", UUID.randomUUID(), plan(question(1), Aggregation.MAJORITY))))
            .get("a");

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PhasedQueries.Answered.class,
            a -> {
              assertThat(a.result().experts())
                  .filteredOn(e -> e.model().equals(failing))
                  .singleElement()
                  .extracting(QueryResult.ExpertOutcome::status)
                  .isEqualTo(ExpertStatus.FAILED);
              assertThat(a.result().experts())
                  .filteredOn(e -> e.model().equals(replacement))
                  .singleElement()
                  .extracting(QueryResult.ExpertOutcome::replaces)
                  .isEqualTo(failing);
            });
    // the plan's failure, then the pipeline's own live try
    assertThat(models.calledModels()).filteredOn(failing::equals).hasSize(2);
  }

  @Test
  void run_directLinesAndAFailingTask_completedOnceEachOrFailedAlone() {
    CompletionRequest prompt = CompletionRequest.greedy("Question: 2+2?\nAnswer:", 8);
    PhasedQueries phased =
        new PhasedQueries(
            task ->
                task.equals("t")
                    ? Mono.just(context())
                    : Mono.error(new IllegalStateException("no profiles for " + task)),
            models,
            this::runPlan,
            model -> ProfilingPrompts.compact(),
            model -> AggregationPrompt.compact(),
            List::of,
            model -> false);
    QueryPlan elsewhere =
        new QueryPlan(
            question(2),
            "other",
            3,
            Strategy.SYMBOLIC_MOE,
            Aggregation.MAJORITY,
            false,
            1,
            48,
            null,
            Delivery.WHOLE,
            List.of());

    Map<String, PhasedQueries.Outcome> outcomes =
        run(
            phased,
            List.of(
                new PhasedQueries.Direct("d1", "lawyer", prompt),
                new PhasedQueries.Direct("d2", "lawyer", prompt),
                new PhasedQueries.Routed("x", UUID.randomUUID(), elsewhere)));

    assertThat(outcomes.get("d1"))
        .isInstanceOfSatisfying(
            PhasedQueries.Completed.class, c -> assertThat(c.completion().text()).contains("(D)"));
    assertThat(outcomes.get("d2")).isInstanceOf(PhasedQueries.Completed.class);
    assertThat(outcomes.get("x"))
        .isInstanceOfSatisfying(
            PhasedQueries.Failed.class,
            f -> assertThat(f.error()).hasMessageContaining("no profiles for other"));
    // the same prompt to the same model is generated once, in the plan
    assertThat(models.calledModels()).containsExactly("lawyer");
  }

  @Test
  void run_repeatedKey_refused() {
    CompletionRequest prompt = CompletionRequest.greedy("Q", 4);
    assertThatThrownBy(
            () ->
                phased(context())
                    .run(
                        List.of(
                            new PhasedQueries.Direct("k", "lawyer", prompt),
                            new PhasedQueries.Direct("k", "geometer", prompt)),
                        PhasedQueries.Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'k'");
  }
}
