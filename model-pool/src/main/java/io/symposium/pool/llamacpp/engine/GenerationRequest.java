package io.symposium.pool.llamacpp.engine;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One text completion to run on a loaded model.
 *
 * @param prompt the complete prompt (any chat template already applied); special tokens in it are
 *     parsed
 * @param maxTokens most tokens to generate, >= 1; prompt tokens + maxTokens must fit the
 *     per-sequence context. Null: as many as the context leaves after the prompt (the generation
 *     then ends with {@link EngineFinish#MAX_TOKENS} when the context is full)
 * @param sampling how tokens are chosen
 * @param stop strings that end the generation when they appear in the text (not included in the
 *     result)
 * @param grammar a GBNF grammar with a {@code root} rule that constrains the output, or null
 */
public record GenerationRequest(
    String prompt,
    @Nullable Integer maxTokens,
    Sampling sampling,
    List<String> stop,
    @Nullable String grammar) {

  public GenerationRequest {
    java.util.Objects.requireNonNull(prompt, "prompt");
    java.util.Objects.requireNonNull(sampling, "sampling");
    if (maxTokens != null && maxTokens < 1) {
      throw new RejectedInputException("max tokens must be >= 1, got " + maxTokens);
    }
    stop = List.copyOf(stop);
    for (String s : stop) {
      if (s.isEmpty()) {
        throw new RejectedInputException("stop strings must not be empty");
      }
    }
    if (grammar != null && grammar.isBlank()) {
      throw new RejectedInputException(
          "grammar is blank; leave it out or give a GBNF grammar with a root rule");
    }
  }

  /** Greedy, no stop strings, no grammar. */
  public static GenerationRequest of(String prompt, @Nullable Integer maxTokens) {
    return new GenerationRequest(prompt, maxTokens, Sampling.greedy(), List.of(), null);
  }

  public GenerationRequest withSampling(Sampling newSampling) {
    return new GenerationRequest(prompt, maxTokens, newSampling, stop, grammar);
  }

  public GenerationRequest withStop(List<String> stopStrings) {
    return new GenerationRequest(prompt, maxTokens, sampling, stopStrings, grammar);
  }

  public GenerationRequest withGrammar(String gbnf) {
    return new GenerationRequest(prompt, maxTokens, sampling, stop, gbnf);
  }
}
