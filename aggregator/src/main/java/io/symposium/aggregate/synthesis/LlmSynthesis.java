package io.symposium.aggregate.synthesis;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.aggregate.AggregationStrategy;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.FinalAnswer.Tally;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.Question;
import io.symposium.aggregate.SynthesisSettings;
import io.symposium.aggregate.vote.Tallies;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ContextLengthExceededException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One round of LLM synthesis (research/symbolic-moe.md §1.10): one call of the task's aggregator
 * model with the experts' responses, its answer read by the extractor (§1.11). The aggregator is
 * fixed per task by the caller, chosen offline by the aggregator benchmark (§1.9), never per
 * question. When its output holds no readable answer, a majority vote of the experts decides and
 * the final answer reports the fallback; the votes are counted and reported either way.
 *
 * <p>Streamed ({@link #aggregate(Question, List, Consumer)}), the output's pieces are handed on as
 * the aggregator writes them, and once a non-blank piece is out the output is committed: it is the
 * final answer's text even when it holds no readable answer (the vote then only supplies the
 * extracted answer) or the stream fails part-way (what was written stands, as a cut-off completion
 * would). Before that, a failure is signalled as it is, so the caller may fall back with nothing
 * shown to take back.
 *
 * <p>Fitting the prompt is the service's job, not the client's: when the responses make the prompt
 * longer than the aggregator's context, it is asked again with every response cut to its last half
 * (marked by a leading "…"; an answer is stated at the end), up to {@value #FIT_ATTEMPTS} times.
 * Votes and the final answer still read the full responses.
 */
public final class LlmSynthesis implements AggregationStrategy {

  /** How often a prompt beyond the aggregator's context is retried with shorter responses. */
  static final int FIT_ATTEMPTS = 3;

  private final Generator generator;
  private final String aggregatorModelId;
  private final AggregationPrompt prompt;
  private final AnswerExtractor extractor;
  private final SynthesisSettings settings;

  public LlmSynthesis(
      Generator generator,
      String aggregatorModelId,
      AggregationPrompt prompt,
      AnswerExtractor extractor,
      SynthesisSettings settings) {
    if (aggregatorModelId.isBlank()) {
      throw new IllegalArgumentException("the aggregator model id is blank");
    }
    this.generator = generator;
    this.aggregatorModelId = aggregatorModelId;
    this.prompt = prompt;
    this.extractor = extractor;
    this.settings = settings;
  }

  @Override
  public Mono<FinalAnswer> aggregate(Question question, List<ExpertAnswer> answers) {
    return Mono.defer(
        () ->
            fitted(
                    answers,
                    shown -> generator.generate(aggregatorModelId, request(question, shown)))
                .map(completion -> conclude(question, answers, completion.text())));
  }

  @Override
  public Mono<FinalAnswer> aggregate(
      Question question, List<ExpertAnswer> answers, Consumer<String> pieces) {
    return Mono.defer(
        () -> {
          StringBuilder output = new StringBuilder();
          return fittedStream(
                  answers, shown -> generator.stream(aggregatorModelId, request(question, shown)))
              .doOnNext(
                  piece -> {
                    output.append(piece);
                    pieces.accept(piece);
                  })
              .then()
              .onErrorResume(e -> output.toString().isBlank() ? Mono.error(e) : Mono.empty())
              .then(Mono.fromSupplier(() -> concludeShown(question, answers, output.toString())));
        });
  }

  private static <T> Mono<T> fitted(
      List<ExpertAnswer> answers, Function<List<ExpertAnswer>, Mono<T>> call) {
    return fittedStream(answers, shown -> call.apply(shown).flux()).next();
  }

  /**
   * {@code call} with the responses, and with shorter ones while the prompt does not fit; the
   * context check comes before any token, so nothing was streamed when a retry starts.
   */
  private static <T> Flux<T> fittedStream(
      List<ExpertAnswer> answers, Function<List<ExpertAnswer>, Flux<T>> call) {
    Flux<T> attempt = Flux.defer(() -> call.apply(answers));
    for (int i = 1; i <= FIT_ATTEMPTS; i++) {
      List<ExpertAnswer> shorter = halved(answers, i);
      Flux<T> previous = attempt;
      attempt =
          previous.onErrorResume(
              ContextLengthExceededException.class, e -> Flux.defer(() -> call.apply(shorter)));
    }
    return attempt;
  }

  /** Each response cut to its last 1/2^times, marked as cut. */
  static List<ExpertAnswer> halved(List<ExpertAnswer> answers, int times) {
    return answers.stream()
        .map(
            a -> {
              int keep = a.text().length() >> times;
              return keep >= a.text().length()
                  ? a
                  : new ExpertAnswer(
                      a.modelId(),
                      "…" + a.text().substring(a.text().length() - keep),
                      a.extracted(),
                      a.weight());
            })
        .toList();
  }

  private CompletionRequest request(Question question, List<ExpertAnswer> answers) {
    Tallies.requireAnswers(answers);
    return CompletionRequest.greedy(prompt.render(question, answers), settings.maxTokens())
        .asUserTurn()
        .withSampling(settings.temperature(), settings.seed())
        .withStop(prompt.stopStrings());
  }

  /** {@link #conclude}, keeping an output that was already shown as the final text. */
  private FinalAnswer concludeShown(Question question, List<ExpertAnswer> answers, String output) {
    FinalAnswer decided = conclude(question, answers, output);
    if (output.isBlank() || decided.text().equals(output.strip())) {
      return decided;
    }
    return new FinalAnswer(
        output.strip(),
        decided.extracted(),
        decided.method(),
        decided.aggregatorModelId(),
        decided.fallback(),
        decided.votes());
  }

  private FinalAnswer conclude(Question question, List<ExpertAnswer> answers, String output) {
    Optional<String> answer = extractor.extract(question, output);
    if (answer.isEmpty()) {
      return Tallies.majority(
          question,
          answers,
          extractor,
          aggregatorModelId,
          FinalAnswer.Fallback.UNREADABLE_AGGREGATOR_OUTPUT,
          output.strip());
    }
    List<Tally> votes = Tallies.count(question, answers, extractor, a -> 1);
    return new FinalAnswer(
        output.strip(),
        answer.get(),
        FinalAnswer.Method.LLM_SYNTHESIS,
        aggregatorModelId,
        FinalAnswer.Fallback.NONE,
        votes);
  }
}
