package io.symposium.evals.run;

import io.symposium.profile.BenchmarkItem;
import java.util.List;

/**
 * What a run is measured on: the test items, and the validation items the profiles are made from
 * (never the test items).
 */
public record Dataset(String name, List<EvalItem> test, List<BenchmarkItem> validation) {
  public Dataset {
    test = List.copyOf(test);
    validation = List.copyOf(validation);
    if (test.isEmpty())
      throw new IllegalArgumentException("dataset " + name + " has no test items");
    if (validation.isEmpty())
      throw new IllegalArgumentException("dataset " + name + " has no validation items");
  }

  /** The first {@code n} test items (the naive-loading comparison's subset). */
  public List<EvalItem> head(int n) {
    return test.subList(0, Math.min(n, test.size()));
  }
}
