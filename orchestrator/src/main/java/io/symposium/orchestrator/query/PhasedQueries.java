package io.symposium.orchestrator.query;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.Generator;
import io.symposium.orchestrator.routing.RoutingDecision;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.OfflinePlan;
import io.symposium.pool.PlanResult;
import io.symposium.pool.StreamEvent;
import io.symposium.profile.ProfilingPrompts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The phased offline plan: many queries known in advance (a batch), answered stage by stage over
 * the same parts {@link QueryPipeline} composes, so that each model is loaded once.
 *
 * <ol>
 *   <li>{@link Phase#ROUTING}: every routed line's skills (the keyword model, all lines together)
 *       and its routing decision (no model);
 *   <li>{@link Phase#EXPERTS}: every recruited expert's generation, and every direct line's, as one
 *       pool {@link OfflinePlan} (model after model, each loaded once, the aggregator last);
 *   <li>{@link Phase#AGGREGATION}: each routed line through the pipeline itself, its skills given
 *       and its expert calls answered from phase 2, so that only the aggregator (all lines
 *       together) and a failed expert's replacement still reach the pool.
 * </ol>
 *
 * The pipeline of phase 3 is the one {@code /v1/query} runs (the expert panel, the ledger, the
 * aggregator rules), so a line's answer is the one a live query with the same plan gets. A call
 * that phase 2 could not answer is asked again live, so its failure reaches the line as the
 * pipeline reports it (a context overflow retried with fewer turns, a replacement recruited). Plain
 * Java, no Spring.
 */
public final class PhasedQueries {

  private static final Logger log = LoggerFactory.getLogger(PhasedQueries.class);

  /** Lines worked on at a time in phases 1 and 3: enough to keep every slot of a model busy. */
  static final int IN_FLIGHT = 64;

  /** Runs a pool plan: {@code ModelPool::run}, or a scripted one in tests. */
  @FunctionalInterface
  public interface OfflineRunner {
    CompletableFuture<PlanResult> run(OfflinePlan plan);
  }

  /** The stages, in the order they run. */
  public enum Phase {
    ROUTING,
    EXPERTS,
    AGGREGATION
  }

  /** Told how far a phase is; called from the threads that do the work. */
  @FunctionalInterface
  public interface Progress {
    void phase(Phase phase, int done, int total);

    Progress NONE = (phase, done, total) -> {};
  }

  /** One piece of work, its {@code key} unique in the run. */
  public sealed interface Line {
    String key();
  }

  /** A question through the routing pipeline; {@code queryId} names its result. */
  public record Routed(String key, UUID queryId, QueryPlan plan) implements Line {}

  /** A prompt for one model, as a direct call to an expert. */
  public record Direct(String key, String model, CompletionRequest request) implements Line {}

  /** How a line ended. */
  public sealed interface Outcome {
    String key();
  }

  /** A routed line's answer. */
  public record Answered(String key, QueryResult result) implements Outcome {}

  /** A direct line's completion. */
  public record Completed(String key, Completion completion) implements Outcome {}

  /** Why a line has no answer: what the pipeline or the pool failed with. */
  public record Failed(String key, Throwable error) implements Outcome {}

  /** One generation, as the pipeline asks for it. */
  private record Call(String model, CompletionRequest request) {}

  /** What phase 1 found for a routed line. */
  private record Routing(RoutingContext context, RoutingContext.FoundSkills skills) {}

  private final QueryPipeline.RoutingContexts contexts;
  private final Generator generator;
  private final OfflineRunner offline;
  private final Function<String, ProfilingPrompts> expertPrompts;
  private final Function<String, AggregationPrompt> aggregationPrompts;
  private final Supplier<List<String>> loadHistory;
  private final Predicate<String> sparseMoe;

  /** The parts of {@link QueryPipeline#QueryPipeline}, and the pool's plan runner. */
  public PhasedQueries(
      QueryPipeline.RoutingContexts contexts,
      Generator generator,
      OfflineRunner offline,
      Function<String, ProfilingPrompts> expertPrompts,
      Function<String, AggregationPrompt> aggregationPrompts,
      Supplier<List<String>> loadHistory,
      Predicate<String> sparseMoe) {
    this.contexts = contexts;
    this.generator = generator;
    this.offline = offline;
    this.expertPrompts = expertPrompts;
    this.aggregationPrompts = aggregationPrompts;
    this.loadHistory = loadHistory;
    this.sparseMoe = sparseMoe;
  }

  /**
   * Every line's outcome, each as soon as it is known (a line that fails in phase 1 at once, the
   * rest in phase 3); cancelling stops the running phase (phase 2's pool plan included: no call it
   * has not started is started) and the phases still to come. Keys must be unique.
   */
  public Flux<Outcome> run(List<Line> lines, Progress progress) {
    Set<String> keys = new LinkedHashSet<>();
    lines.forEach(
        line -> {
          if (!keys.add(line.key())) {
            throw new IllegalArgumentException("line key '" + line.key() + "' appears twice");
          }
        });
    Map<String, Routing> routed = new ConcurrentHashMap<>();
    return Flux.concat(
        Flux.defer(() -> routing(lines, routed, progress)),
        Flux.defer(
            () ->
                experts(lines, routed, progress)
                    .flatMapMany(answers -> aggregation(lines, routed, answers, progress))));
  }

  // ---- phase 1 ----

  /** Each routed line's context and skills into {@code routed}; the lines that fail here, out. */
  private Flux<Outcome> routing(List<Line> lines, Map<String, Routing> routed, Progress progress) {
    List<Routed> questions = routedLines(lines);
    AtomicInteger done = new AtomicInteger();
    progress.phase(Phase.ROUTING, 0, questions.size());
    // one context per task, shared by its lines (a task without profiles fails each of them)
    Map<String, Mono<RoutingContext>> byTask = new ConcurrentHashMap<>();
    return Flux.fromIterable(questions)
        .flatMap(
            line ->
                byTask
                    .computeIfAbsent(line.plan().task(), task -> contexts.forTask(task).cache())
                    .flatMap(
                        context ->
                            context
                                .findSkills(line.plan().question())
                                .map(skills -> new Routing(context, skills)))
                    .<Outcome>flatMap(
                        routing -> {
                          routed.put(line.key(), routing);
                          return Mono.empty();
                        })
                    .onErrorResume(e -> Mono.just(new Failed(line.key(), e)))
                    .doFinally(
                        signal ->
                            progress.phase(
                                Phase.ROUTING, done.incrementAndGet(), questions.size())),
            IN_FLIGHT);
  }

  // ---- phase 2 ----

  /** Every expert call the routing decisions make and every direct call, as one pool plan. */
  private Mono<Map<Call, Completion>> experts(
      List<Line> lines, Map<String, Routing> routed, Progress progress) {
    Set<Call> calls = new LinkedHashSet<>();
    Set<String> aggregators = new LinkedHashSet<>();
    for (Line line : lines) {
      switch (line) {
        case Direct direct -> calls.add(new Call(direct.model(), direct.request()));
        case Routed question -> {
          Routing routing = routed.get(question.key());
          if (routing != null) {
            aggregators.add(routing.context().aggregatorModel());
            calls.addAll(expertCalls(question.plan(), routing));
          }
        }
      }
    }
    List<OfflinePlan.Assignment> assignments = new ArrayList<>();
    Map<String, Call> byKey = new LinkedHashMap<>();
    for (Call call : calls) {
      String key = Integer.toString(assignments.size());
      assignments.add(new OfflinePlan.Assignment(key, call.model(), call.request()));
      byKey.put(key, call);
    }
    progress.phase(Phase.EXPERTS, 0, assignments.size());
    if (assignments.isEmpty()) {
      return Mono.just(Map.of());
    }
    // the aggregator's own direct work last, so that it is still loaded when phase 3 starts
    @Nullable String last = aggregators.size() == 1 ? aggregators.iterator().next() : null;
    CompletableFuture<PlanResult> plan;
    try {
      plan = offline.run(new OfflinePlan(assignments, last));
    } catch (RuntimeException e) {
      // the pool refused the plan as a whole: phase 3 then asks each call live
      log.warn("the pool refused the offline plan ({}); its calls run live", e.toString());
      return Mono.just(Map.of());
    }
    // a cancellation (a cancelled batch) cancels the pool's plan: it starts no further call, and
    // the calls it queued and has not had answered are withdrawn
    return Mono.fromFuture(plan)
        .map(
            result -> {
              Map<Call, Completion> answers = new ConcurrentHashMap<>();
              result.completions().forEach((key, c) -> answers.put(byKey.get(key), c));
              progress.phase(Phase.EXPERTS, assignments.size(), assignments.size());
              log.info(
                  "offline plan: {} calls on {} ({} failed), {} loads, {}",
                  assignments.size(),
                  result.modelOrder(),
                  result.failures().size(),
                  result.loads(),
                  result.wall());
              return answers;
            });
  }

  /**
   * The calls the panel will make first for this line: each recruit's request with the whole
   * conversation in front, as the ledger sends it.
   */
  private List<Call> expertCalls(QueryPlan plan, Routing routing) {
    RoutingDecision decision;
    try {
      decision =
          plan.strategy()
              .route(
                  routing.context().profiles(),
                  routing.skills().skills().mapped(),
                  plan.k(),
                  plan.seed(),
                  plan.knobs());
    } catch (RuntimeException e) {
      return List.of(); // the pipeline fails the line the same way in phase 3
    }
    // the panel only builds the requests here; it generates nothing
    ExpertPanel panel =
        new ExpertPanel(
            generator, expertPrompts, AnswerExtractor.forFormat(ExtractionMode.LENIENT), sparseMoe);
    CallLedger ledger = new CallLedger(plan.earlierTurns());
    return plan.strategy().recruits(decision).stream()
        .map(
            model ->
                new Call(
                    model, ledger.withConversation(panel.request(plan.asQuestion(), plan, model))))
        .toList();
  }

  // ---- phase 3 ----

  private Flux<Outcome> aggregation(
      List<Line> lines,
      Map<String, Routing> routed,
      Map<Call, Completion> answers,
      Progress progress) {
    Generator replay = replaying(answers);
    List<Line> left =
        lines.stream()
            .filter(line -> line instanceof Direct || routed.containsKey(line.key()))
            .toList();
    AtomicInteger done = new AtomicInteger();
    progress.phase(Phase.AGGREGATION, 0, left.size());
    return Flux.fromIterable(left)
        .flatMap(line -> finish(line, replay, routed), IN_FLIGHT)
        .doOnNext(
            outcome -> progress.phase(Phase.AGGREGATION, done.incrementAndGet(), left.size()));
  }

  private Mono<Outcome> finish(Line line, Generator replay, Map<String, Routing> routed) {
    return switch (line) {
      case Direct direct ->
          replay
              .generate(direct.model(), direct.request())
              .<Outcome>map(c -> new Completed(direct.key(), c))
              .onErrorResume(e -> Mono.just(new Failed(direct.key(), e)));
      case Routed question -> {
        Routing routing = Objects.requireNonNull(routed.get(question.key()));
        // the context phase 1 routed with, even if another profile version was activated since
        QueryPipeline pipeline =
            new QueryPipeline(
                task -> Mono.just(routing.context()),
                replay,
                expertPrompts,
                aggregationPrompts,
                loadHistory,
                sparseMoe);
        yield pipeline
            .run(
                question.queryId(),
                question.plan(),
                event -> {},
                context -> Mono.just(routing.skills()))
            .<Outcome>map(result -> new Answered(question.key(), result))
            .onErrorResume(e -> Mono.just(new Failed(question.key(), e)));
      }
    };
  }

  /** Phase 2's answers for the calls it made; any other call (or a failed one) goes to the pool. */
  private Generator replaying(Map<Call, Completion> answers) {
    return new Generator() {
      @Override
      public Mono<Completion> generate(String modelId, CompletionRequest request) {
        Completion answered = answers.get(new Call(modelId, request));
        return answered != null ? Mono.just(answered) : generator.generate(modelId, request);
      }

      @Override
      public Flux<String> stream(String modelId, CompletionRequest request) {
        Completion answered = answers.get(new Call(modelId, request));
        return answered != null ? Flux.just(answered.text()) : generator.stream(modelId, request);
      }

      @Override
      public Flux<StreamEvent> streamEvents(String modelId, CompletionRequest request) {
        Completion answered = answers.get(new Call(modelId, request));
        return answered != null
            ? Flux.just(
                new StreamEvent.Piece(answered.text()),
                new StreamEvent.End(answered.promptTokens(), answered.completionTokens(), true))
            : generator.streamEvents(modelId, request);
      }
    };
  }

  private static List<Routed> routedLines(List<Line> lines) {
    return lines.stream().filter(Routed.class::isInstance).map(Routed.class::cast).toList();
  }
}
