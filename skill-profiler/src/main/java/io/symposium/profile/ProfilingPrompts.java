package io.symposium.profile;

import io.symposium.aggregate.Question;
import java.util.List;

/**
 * The prompts of a profiling run: the keyword prompt (research/symbolic-moe.md §1.1) and the expert
 * prompt (§1.8), in one of two styles. {@link #detailed()} suits instruction-tuned chat models and
 * follows the reference's structure in the project's own words; {@link #compact()} is the short
 * format the project's tiny zoo models were trained on.
 */
public interface ProfilingPrompts {

  /** The prompt asking the keyword model for the skills {@code question} needs. */
  String keywords(String question);

  /** Strings that end a keyword answer. */
  List<String> keywordStops();

  /** The prompt asking an expert to answer {@code question} in its format. */
  String expert(Question question);

  /** Strings that end an expert's answer. */
  List<String> expertStops();

  /**
   * For instruction-tuned models. The keyword prompt gives the question, asks for 2 to 5
   * comma-separated keywords naming the knowledge or skills it needs, shows a few example keywords,
   * and asks for a single {@code Keywords: …} line; the expert prompt gives the question and the
   * format's answer instruction ({@link io.symposium.aggregate.TaskFormat#answerInstruction()}).
   */
  static ProfilingPrompts detailed() {
    return DetailedPrompts.INSTANCE;
  }

  /**
   * The zoo's formats: {@code Question: {q}\nKeywords:} answered with {@code " kw1, kw2, kw3"}, and
   * {@code Question: {q}\nAnswer:}; both answers end at the end of their line.
   */
  static ProfilingPrompts compact() {
    return CompactPrompts.INSTANCE;
  }
}
