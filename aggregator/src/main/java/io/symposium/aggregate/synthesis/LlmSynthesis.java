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
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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
 */
public final class LlmSynthesis implements AggregationStrategy {

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
            generator
                .generate(aggregatorModelId, request(question, answers))
                .map(completion -> conclude(question, answers, completion.text())));
  }

  @Override
  public Mono<FinalAnswer> aggregate(
      Question question, List<ExpertAnswer> answers, Consumer<String> pieces) {
    return Mono.defer(
        () -> {
          StringBuilder output = new StringBuilder();
          return generator.stream(aggregatorModelId, request(question, answers))
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

  private CompletionRequest request(Question question, List<ExpertAnswer> answers) {
    Tallies.requireAnswers(answers);
    return CompletionRequest.greedy(prompt.render(question, answers), settings.maxTokens())
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
