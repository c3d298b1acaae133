package io.symposium.evals.run;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.aggregate.AggregationStrategy;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.Grader;
import io.symposium.aggregate.Question;
import io.symposium.aggregate.SynthesisSettings;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Combines each method's answers into its final answer and grades it. Votes are computed here;
 * syntheses all go to the aggregator model together, last, and identical synthesis requests (the
 * same answers to the same question) are generated once.
 */
final class AggregationPhase {
  private final ModelPool pool;
  private final String aggregator;
  private final AnswerExtractor extractor;
  private final int maxTokens;
  private final Map<CompletionRequest, Mono<Completion>> syntheses = new ConcurrentHashMap<>();
  private final AtomicInteger synthesisCalls = new AtomicInteger();

  /** One method's answers on one question at one seed, to be combined. */
  record Cell(
      Method method, Aggregation aggregation, long seed, EvalItem item, Recruitment recruitment) {}

  AggregationPhase(ModelPool pool, String aggregator, AnswerExtractor extractor, int maxTokens) {
    this.pool = pool;
    this.aggregator = aggregator;
    this.extractor = extractor;
    this.maxTokens = maxTokens;
  }

  /** Aggregator generations actually run (after reuse). */
  int synthesisCalls() {
    return synthesisCalls.get();
  }

  List<ItemResult> run(
      List<Cell> cells, Map<AnswerKey, ExpertReply> replies, ProgressListener progress) {
    AtomicInteger done = new AtomicInteger();
    progress.progress("aggregation", 0, cells.size());
    List<ItemResult> results =
        Flux.fromIterable(cells)
            .flatMapSequential(c -> combine(c, replies), ExpertPhase.IN_FLIGHT)
            .doOnNext(r -> progress.progress("aggregation", done.incrementAndGet(), cells.size()))
            .collectList()
            .block();
    return List.copyOf(Objects.requireNonNull(results));
  }

  private Mono<ItemResult> combine(Cell cell, Map<AnswerKey, ExpertReply> replies) {
    List<ExpertReply> asked =
        cell.recruitment().keys().stream()
            .map(k -> Objects.requireNonNull(replies.get(k)))
            .toList();
    List<ExpertAnswer> answers = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      ExpertReply r = asked.get(i);
      if (r.answered())
        answers.add(
            new ExpertAnswer(
                r.key().model(),
                Objects.requireNonNull(r.text()),
                r.extracted(),
                cell.recruitment().draws().get(i).weight()));
    }
    Question question = cell.item().asQuestion();
    if (answers.isEmpty()) return Mono.just(result(cell, asked, null, null, false, null));
    Grader grader = Grader.forFormat(question.format());
    return switch (cell.aggregation()) {
      case ORACLE -> {
        ExpertAnswer right =
            answers.stream()
                .filter(a -> grader.correct(a.extracted(), cell.item().gold()))
                .findFirst()
                .orElse(answers.getFirst());
        yield Mono.just(
            result(
                cell,
                asked,
                right.text(),
                right.extracted(),
                grader.correct(right.extracted(), cell.item().gold()),
                null));
      }
      case SINGLE -> {
        ExpertAnswer only = answers.getFirst();
        yield Mono.just(
            result(
                cell,
                asked,
                only.text(),
                only.extracted(),
                grader.correct(only.extracted(), cell.item().gold()),
                null));
      }
      default -> {
        AtomicReference<@Nullable Completion> synthesis = new AtomicReference<>();
        AggregationStrategy fallback = AggregationStrategy.majorityVote(extractor);
        yield strategy(cell.aggregation(), answers.size(), synthesis)
            .aggregate(question, answers)
            // as the pipeline: a failing aggregator (a prompt beyond its context) costs no answer
            .onErrorResume(e -> fallback.aggregate(question, answers))
            .map(
                (FinalAnswer f) ->
                    result(
                        cell,
                        asked,
                        f.text(),
                        f.extracted(),
                        grader.correct(f.extracted(), cell.item().gold()),
                        synthesis.get()));
      }
    };
  }

  private AggregationStrategy strategy(
      Aggregation aggregation, int answers, AtomicReference<@Nullable Completion> synthesis) {
    return switch (aggregation) {
      case MAJORITY -> AggregationStrategy.majorityVote(extractor);
      case WEIGHTED -> AggregationStrategy.weightedVote(extractor);
      // one answer needs no synthesis (the pipeline's rule)
      case SYNTHESIS ->
          answers == 1
              ? AggregationStrategy.majorityVote(extractor)
              : AggregationStrategy.llmSynthesis(
                  recording(synthesis),
                  aggregator,
                  AggregationPrompt.compact(),
                  extractor,
                  SynthesisSettings.greedy(maxTokens));
      case SINGLE, ORACLE -> throw new IllegalStateException(aggregation + " is not a strategy");
    };
  }

  /** The pool, one generation per distinct request, the completion kept for the item's costs. */
  private Generator recording(AtomicReference<@Nullable Completion> into) {
    return (model, request) ->
        syntheses
            .computeIfAbsent(
                request,
                r ->
                    Mono.defer(
                            () -> {
                              synthesisCalls.incrementAndGet();
                              return pool.generate(model, r);
                            })
                        .cache())
            .doOnNext(into::set);
  }

  private static ItemResult result(
      Cell cell,
      List<ExpertReply> asked,
      @Nullable String text,
      @Nullable String extracted,
      boolean correct,
      @Nullable Completion synthesis) {
    long prompt = asked.stream().mapToLong(ExpertReply::promptTokens).sum();
    long completion = asked.stream().mapToLong(ExpertReply::completionTokens).sum();
    long millis = asked.stream().mapToLong(ExpertReply::millis).sum();
    if (synthesis != null) {
      prompt += synthesis.promptTokens();
      completion += synthesis.completionTokens();
      millis += synthesis.latency().toMillis();
    }
    return new ItemResult(
        cell.method().label(cell.aggregation()),
        cell.method().name(),
        cell.aggregation(),
        cell.seed(),
        cell.item().id(),
        asked.stream().map(r -> r.key().model()).toList(),
        asked.stream().map(r -> Objects.requireNonNullElse(r.text(), "")).toList(),
        asked.stream().map(r -> Objects.requireNonNullElse(r.extracted(), "")).toList(),
        text,
        extracted,
        correct,
        asked.stream().noneMatch(ExpertReply::answered),
        asked.size(),
        synthesis != null ? 1 : 0,
        prompt,
        completion,
        millis);
  }
}
