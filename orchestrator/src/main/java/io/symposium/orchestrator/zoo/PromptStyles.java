package io.symposium.orchestrator.zoo;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.pool.ModelPool;
import io.symposium.profile.KeywordExtractor;
import io.symposium.profile.ProfilingPrompts;

/**
 * Which prompt style each model gets: the zoo's models (tagged {@value ZooModels#TAG} by {@link
 * ZooModels#spec}) were trained on short prompts, every other model gets the detailed ones.
 * Profiling and queries both ask here, so a model is profiled with the prompts it is later asked
 * with.
 */
public final class PromptStyles {
  private final ModelPool pool;

  public PromptStyles(ModelPool pool) {
    this.pool = pool;
  }

  public boolean isZoo(String model) {
    return pool.spec(model).map(s -> s.tags().contains(ZooModels.TAG)).orElse(false);
  }

  public ProfilingPrompts expert(String model) {
    return isZoo(model) ? ProfilingPrompts.compact() : ProfilingPrompts.detailed();
  }

  /**
   * Keyword sampling for {@code model}: the zoo's keyword model answers in a few tokens within a
   * small context.
   */
  public KeywordExtractor.Settings keywordSettings(String model, int samples) {
    var d = KeywordExtractor.Settings.defaults();
    return new KeywordExtractor.Settings(
        samples,
        d.temperature(),
        d.baseSeed(),
        isZoo(model) ? 24 : d.maxTokens(),
        d.maxKeywordLength(),
        d.minOccurrences(),
        d.cacheSize());
  }

  public AggregationPrompt aggregation(String model) {
    return isZoo(model) ? AggregationPrompt.compact() : AggregationPrompt.detailed();
  }
}
