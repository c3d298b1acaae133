package io.symposium.evals.run;

import java.util.List;
import java.util.Map;

/**
 * Everything a phased run produced.
 *
 * @param keywords per item: the keyword model's raw keywords, then the vocabulary keywords they map
 *     to
 * @param phaseMillis wall time of each phase, in order
 * @param loads the pool's model loads during the run, in order
 * @param calls generations actually run per stage (keywords, experts, aggregator): what answer
 *     reuse leaves
 */
public record RunResults(
    List<EvalItem> items,
    Map<Integer, Keywords> keywords,
    List<ItemResult> results,
    Map<String, Long> phaseMillis,
    List<String> loads,
    Map<String, Integer> calls) {

  /** A question's keywords. */
  public record Keywords(List<String> raw, List<String> mapped, boolean failed) {
    public Keywords {
      raw = List.copyOf(raw);
      mapped = List.copyOf(mapped);
    }
  }

  public RunResults {
    items = List.copyOf(items);
    keywords = Map.copyOf(keywords);
    results = List.copyOf(results);
    phaseMillis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phaseMillis));
    loads = List.copyOf(loads);
    calls = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(calls));
  }

  public long totalMillis() {
    return phaseMillis.values().stream().mapToLong(Long::longValue).sum();
  }
}
