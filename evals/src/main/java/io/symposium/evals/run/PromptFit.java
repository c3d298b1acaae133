package io.symposium.evals.run;

import io.symposium.pool.gguf.GgufInspector;
import io.symposium.pool.gguf.GgufVocabulary;
import java.util.List;

/**
 * Whether a prompt and its answer limit fit every expert's context, counted without llama.cpp for
 * the zoo's char-level vocabulary. Profiling needs it: one generation over the context fails a
 * whole profiling run, so such validation questions are left out (and counted) beforehand.
 */
final class PromptFit {
  private static final GgufVocabulary CHAR_LEVEL = GgufVocabulary.charLevel();
  private final int smallestContext;
  private final boolean countable;

  PromptFit(List<ZooCatalog.Model> experts) {
    this.smallestContext =
        experts.stream().mapToInt(ZooCatalog.Model::contextLength).min().orElse(0);
    this.countable =
        experts.stream()
            .allMatch(
                m ->
                    GgufInspector.inspect(m.gguf()).vocabSize().orElse(0)
                        == GgufVocabulary.CHAR_LEVEL_SIZE);
  }

  /** True when it fits, or when the vocabulary cannot be counted here (the pool then decides). */
  boolean fits(String prompt, int maxTokens) {
    return !countable || CHAR_LEVEL.encode(prompt).length + maxTokens <= smallestContext;
  }
}
