package io.symposium.evals.run;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A finished run: what it was asked, what it measured. A plain object, so it can be stored. */
public record EvalRun(
    UUID id,
    Instant started,
    Instant finished,
    EvalSettings settings,
    String datasetName,
    int validationItems,
    ZooCatalog zoo,
    ValidationProfile profile,
    RunResults results,
    List<MethodSummary> summaries,
    @Nullable LoadComparison comparison) {
  public EvalRun {
    summaries = List.copyOf(summaries);
  }
}
