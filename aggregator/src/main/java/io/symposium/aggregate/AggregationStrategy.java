package io.symposium.aggregate;

import io.symposium.aggregate.synthesis.LlmSynthesis;
import io.symposium.aggregate.vote.MajorityVote;
import io.symposium.aggregate.vote.SkipWhenAllAgree;
import io.symposium.aggregate.vote.WeightedVote;
import io.symposium.pool.ModelPool;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/** Combines the experts' answers to one question into the final answer. */
@FunctionalInterface
public interface AggregationStrategy {

  /** The final answer; signals {@link IllegalArgumentException} when {@code answers} is empty. */
  Mono<FinalAnswer> aggregate(Question question, List<ExpertAnswer> answers);

  /**
   * {@link #aggregate(Question, List)}, handing the final answer's text to {@code pieces} as a
   * model generates it: the pieces handed over concatenate, {@link String#strip() stripped}, to the
   * final answer's text, or none are handed over (a vote has no tokens to stream; the caller then
   * has the whole text in the final answer). A strategy that streams signals an error only while
   * the pieces handed over are blank, so a caller can still fall back to another strategy.
   */
  default Mono<FinalAnswer> aggregate(
      Question question, List<ExpertAnswer> answers, Consumer<String> pieces) {
    return aggregate(question, answers);
  }

  /**
   * The answer most experts gave. Experts whose answer cannot be read do not vote. A tie goes to
   * the tied answer given first in the experts' order, as in the reference code's {@code
   * Counter.most_common}.
   */
  static AggregationStrategy majorityVote(AnswerExtractor extractor) {
    return new MajorityVote(extractor);
  }

  /**
   * The answer with the largest total of its experts' profile weights; a model missing from {@code
   * modelWeights} weighs 0. Ties go to more votes, then to the answer given first. When no voter
   * weighs anything, a majority vote decides.
   */
  static AggregationStrategy weightedVote(
      AnswerExtractor extractor, Map<String, Double> modelWeights) {
    return WeightedVote.byModel(extractor, modelWeights);
  }

  /**
   * Like {@link #weightedVote(AnswerExtractor, Map)}, with each expert's own {@link
   * ExpertAnswer#weight()}.
   */
  static AggregationStrategy weightedVote(AnswerExtractor extractor) {
    return WeightedVote.byAnswer(extractor);
  }

  /**
   * When every expert gave a readable answer and all are the same, that answer without calling
   * {@code delegate}; else the delegate's.
   */
  static AggregationStrategy skipWhenAllAgree(
      AnswerExtractor extractor, AggregationStrategy delegate) {
    return new SkipWhenAllAgree(extractor, delegate);
  }

  /**
   * One round of synthesis by {@code aggregatorModelId} (research/symbolic-moe.md §1.10); when its
   * output holds no readable answer, a majority vote of the experts decides and the final answer
   * reports {@link FinalAnswer.Fallback#UNREADABLE_AGGREGATOR_OUTPUT}. Errors of the generator (an
   * unknown model, a pool failure) are signalled as they are. Streamed, the output is the final
   * text once any of it was handed over (see {@link LlmSynthesis}).
   */
  static AggregationStrategy llmSynthesis(
      Generator generator,
      String aggregatorModelId,
      AggregationPrompt prompt,
      AnswerExtractor extractor,
      SynthesisSettings settings) {
    return new LlmSynthesis(generator, aggregatorModelId, prompt, extractor, settings);
  }

  /**
   * {@link #llmSynthesis(Generator, String, AggregationPrompt, AnswerExtractor, SynthesisSettings)}
   * on the pool's models.
   */
  static AggregationStrategy llmSynthesis(
      ModelPool pool,
      String aggregatorModelId,
      AggregationPrompt prompt,
      AnswerExtractor extractor,
      SynthesisSettings settings) {
    return llmSynthesis(Generator.of(pool), aggregatorModelId, prompt, extractor, settings);
  }

  /**
   * LLM synthesis with the {@link AggregationPrompt#detailed() detailed} prompt and the {@link
   * SynthesisSettings#defaults() reference settings}.
   */
  static AggregationStrategy llmSynthesis(
      ModelPool pool, String aggregatorModelId, AnswerExtractor extractor) {
    return llmSynthesis(
        pool,
        aggregatorModelId,
        AggregationPrompt.detailed(),
        extractor,
        SynthesisSettings.defaults());
  }
}
