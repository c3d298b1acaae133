package io.symposium.orchestrator.query;

import io.symposium.aggregate.Question;
import io.symposium.aggregate.TaskFormat;
import io.symposium.pool.ChatPrompt;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One question and how to answer it, with every default already applied.
 *
 * @param question the question
 * @param task whose profiles route it
 * @param k experts to recruit
 * @param strategy how experts are chosen
 * @param aggregation how their answers are combined
 * @param skipWhenAllAgree take a unanimous answer without running the aggregation
 * @param seed makes the expert draw and sampling repeatable
 * @param maxTokens a cap on each expert's answer; null: what each model's context leaves
 * @param format the answer format, or null to detect it from the question
 * @param delivery whether the final answer streams, which decides how its generations run
 * @param earlierTurns the conversation before the question, oldest first: the experts and the
 *     aggregator see it as far as their contexts hold it, routing does not
 * @param knobs the routing and pool knobs the client chose
 */
public record QueryPlan(
    String question,
    String task,
    int k,
    Strategy strategy,
    Aggregation aggregation,
    boolean skipWhenAllAgree,
    long seed,
    @Nullable Integer maxTokens,
    @Nullable TaskFormat format,
    Delivery delivery,
    List<ChatPrompt.Message> earlierTurns,
    QueryKnobs knobs) {

  public QueryPlan {
    earlierTurns = List.copyOf(earlierTurns);
    knobs.checkFor(strategy, k);
    if (question.isBlank()) {
      throw new IllegalArgumentException("the question is blank");
    }
    if (k < 1 || k > 16) {
      throw new IllegalArgumentException("k must be 1 to 16, got " + k);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("max tokens must be >= 1, got " + maxTokens);
    }
  }

  /** A plan without knobs. */
  public QueryPlan(
      String question,
      String task,
      int k,
      Strategy strategy,
      Aggregation aggregation,
      boolean skipWhenAllAgree,
      long seed,
      @Nullable Integer maxTokens,
      @Nullable TaskFormat format,
      Delivery delivery,
      List<ChatPrompt.Message> earlierTurns) {
    this(
        question,
        task,
        k,
        strategy,
        aggregation,
        skipWhenAllAgree,
        seed,
        maxTokens,
        format,
        delivery,
        earlierTurns,
        QueryKnobs.NONE);
  }

  /** The question in its format: the plan's, or detected from the text. */
  public Question asQuestion() {
    return Question.of(question, format != null ? format : TaskFormat.detect(question));
  }

  /**
   * The seed the experts and the aggregator sample with, within the 0 to 4294967294 the engines
   * accept (llama.cpp reads 0xFFFFFFFF as "pick a random seed").
   */
  public long samplingSeed() {
    return seed & 0xFFFF_FFFEL;
  }
}
