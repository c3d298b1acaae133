package io.symposium.evals.run;

import io.symposium.aggregate.TaskFormat;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of a run (the manifest records them all).
 *
 * @param dataset {@code zoo} or a benchmark file
 * @param limit most test questions per skill or category
 * @param profileLimit most validation questions per skill or category to profile on
 * @param naiveItems questions of the naive-loading comparison (0: none)
 * @param dropped zoo experts left out of the pool
 * @param twin a zoo expert the pool holds twice (the copy is named {@code <twin>-twin}), or null
 */
public record EvalSettings(
    String dataset,
    @Nullable Path validation,
    @Nullable TaskFormat format,
    int limit,
    int profileLimit,
    List<String> methods,
    List<Long> seeds,
    int k,
    int maxTokens,
    int threads,
    int naiveItems,
    int bootstrapResamples,
    long bootstrapSeed,
    Path zoo,
    List<String> dropped,
    @Nullable String twin,
    Path out) {
  public EvalSettings {
    methods = List.copyOf(methods);
    dropped = List.copyOf(dropped);
    seeds = List.copyOf(seeds);
    if (limit < 1 || profileLimit < 1) throw new IllegalArgumentException("limits must be >= 1");
    if (seeds.isEmpty()) throw new IllegalArgumentException("give at least one seed");
    for (long s : seeds)
      if (s < 0 || s > 100_000_000L)
        throw new IllegalArgumentException("seeds must be 0 to 100000000, got " + s);
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
    if (maxTokens < 1) throw new IllegalArgumentException("max tokens must be >= 1");
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
    if (naiveItems < 0) throw new IllegalArgumentException("naive items must be >= 0");
    if (bootstrapResamples < 1)
      throw new IllegalArgumentException("bootstrap resamples must be >= 1");
  }
}
