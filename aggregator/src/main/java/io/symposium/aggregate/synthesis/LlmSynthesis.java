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
import reactor.core.publisher.Mono;

/**
 * One round of LLM synthesis (research/symbolic-moe.md §1.10): one call of the task's aggregator
 * model with the experts' responses, its answer read by the extractor (§1.11). The aggregator is
 * fixed per task by the caller, chosen offline by the aggregator benchmark (§1.9), never per
 * question. When its output holds no readable answer, a majority vote of the experts decides and
 * the final answer reports the fallback; the votes are counted and reported either way.
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
        () -> {
          Tallies.requireAnswers(answers);
          CompletionRequest request =
              CompletionRequest.greedy(prompt.render(question, answers), settings.maxTokens())
                  .withSampling(settings.temperature(), settings.seed())
                  .withStop(prompt.stopStrings());
          return generator
              .generate(aggregatorModelId, request)
              .map(completion -> conclude(question, answers, completion.text()));
        });
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
