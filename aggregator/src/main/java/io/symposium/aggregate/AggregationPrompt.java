package io.symposium.aggregate;

import io.symposium.aggregate.synthesis.CompactPrompt;
import io.symposium.aggregate.synthesis.DetailedPrompt;
import java.util.List;

/**
 * Builds the prompt that asks an aggregator model to turn the experts' responses into one answer.
 */
public interface AggregationPrompt {

  /** The prompt for {@code question} and the experts' responses, in the order given. */
  String render(Question question, List<ExpertAnswer> answers);

  /** Strings that end the aggregator's answer; none by default. */
  default List<String> stopStrings() {
    return List.of();
  }

  /**
   * The structure of research/symbolic-moe.md §1.10 in the project's own words: the synthesis
   * instruction, each response under its own heading (reasoning before a last {@code </think>}
   * removed), then the question and the format's answer instruction.
   */
  static AggregationPrompt detailed() {
    return DetailedPrompt.INSTANCE;
  }

  /**
   * The format the zoo's aggregator was trained on: {@code Question: {q}\nResponse 1:
   * {r1}\n…\nAnswer:}, each response on one line; generation stops at the end of the line.
   */
  static AggregationPrompt compact() {
    return CompactPrompt.INSTANCE;
  }
}
