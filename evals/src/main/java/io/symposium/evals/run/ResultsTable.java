package io.symposium.evals.run;

import java.util.Locale;

/** The run's results as a Markdown table (for READMEs and closing notes). */
public final class ResultsTable {
  private ResultsTable() {}

  public static String markdown(EvalRun run) {
    var md = new StringBuilder();
    md.append(
        "| method | accuracy ± std | 95 % CI | expert calls / q | aggregator calls / q | tokens / q"
            + " | models | generation s | unanswerable |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (MethodSummary s : run.summaries())
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f ± %.1f %% | %.1f – %.1f %% | %.2f | %.2f | %.0f | %d | %.1f | %d |%n",
              s.label(),
              100 * s.mean(),
              100 * s.std(),
              100 * s.ciLow(),
              100 * s.ciHigh(),
              s.expertCalls(),
              s.aggregatorCalls(),
              s.tokens(),
              s.loads(),
              s.millis() / 1000.0,
              s.unanswerable()));
    md.append("\nphases (s): ");
    md.append(String.format(Locale.ROOT, "profiling %.1f", run.profile().millis() / 1000.0));
    run.results()
        .phaseMillis()
        .forEach((p, ms) -> md.append(String.format(Locale.ROOT, ", %s %.1f", p, ms / 1000.0)));
    md.append("; generations run ")
        .append(run.results().calls())
        .append("; model loads ")
        .append(run.results().loads().size());
    LoadComparison c = run.comparison();
    if (c != null)
      md.append(
          String.format(
              Locale.ROOT,
              "%nnaive vs batched (%d questions, %s): %.1f s / %.1f s = %.2f×, loads %d / %d",
              c.items(),
              c.method(),
              c.naiveMillis() / 1000.0,
              c.batchedMillis() / 1000.0,
              c.timeRatio(),
              c.naiveLoads(),
              c.batchedLoads()));
    return md.append('\n').toString();
  }
}
