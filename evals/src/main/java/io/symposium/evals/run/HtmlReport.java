package io.symposium.evals.run;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run as one self-contained HTML page: the tables, and the plots embedded as base64 PNGs. */
final class HtmlReport {
  private HtmlReport() {}

  static String render(EvalRun run, Map<String, byte[]> pngs) {
    var h = new StringBuilder();
    h.append(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Symposium evals:"
                + " ")
        .append(esc(run.datasetName()))
        .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1200px}")
        .append(
            "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px"
                + " 8px;text-align:right}")
        .append(
            "td:first-child,th:first-child{text-align:left}img{max-width:100%}</style></head><body>");
    h.append("<h1>Symposium evals: ").append(esc(run.datasetName())).append("</h1>");
    RunResults r = run.results();
    h.append("<p>Run ")
        .append(run.id())
        .append(", ")
        .append(run.started())
        .append(" to ")
        .append(run.finished())
        .append(". ")
        .append(r.items().size())
        .append(" test questions (at most ")
        .append(run.settings().limit())
        .append(" per skill/category), seeds ")
        .append(run.settings().seeds())
        .append(". Profiles made on ")
        .append(run.profile().items())
        .append(" validation questions (")
        .append(run.profile().dropped())
        .append(" left out: over the experts' context); validation accuracy ")
        .append(esc(accuracies(run)))
        .append(".</p>");
    h.append(
            "<h2>Methods</h2><table><tr><th>method</th><th>accuracy (mean ± std over"
                + " seeds)</th><th>95 % CI</th>")
        .append(
            "<th>per seed</th><th>expert calls / q</th><th>aggregator calls / q</th><th>tokens /"
                + " q</th><th>models</th>")
        .append("<th>generation s</th><th>unanswerable</th></tr>");
    for (MethodSummary s : run.summaries())
      h.append(
          row(
              s.label(),
              pct(s.mean()) + " ± " + pct(s.std()),
              pct(s.ciLow()) + " – " + pct(s.ciHigh()),
              s.perSeed().stream().map(HtmlReport::pct).toList().toString(),
              num(s.expertCalls()),
              num(s.aggregatorCalls()),
              num(s.tokens()),
              Integer.toString(s.loads()),
              num(s.millis() / 1000.0),
              Integer.toString(s.unanswerable())));
    h.append(
            "</table><p>Costs are each method's own, as if it ran alone (answers shared with other"
                + " methods are counted for each); ")
        .append("keyword extraction (")
        .append(r.calls().getOrDefault("keywords", 0))
        .append(" generations) is shared by all routed methods and not included. ")
        .append(
            "Unanswerable: questions no recruited expert could answer (over the context), counted"
                + " wrong.</p>");
    img(h, pngs, "accuracy.png", "accuracy per method");
    h.append("<h2>Per task</h2>");
    table(h, run.summaries(), true);
    h.append("<h2>Per skill / category</h2>");
    img(h, pngs, "skills.png", "per-skill heatmap");
    table(h, run.summaries(), false);
    h.append("<h2>Cost vs accuracy</h2>");
    img(h, pngs, "cost.png", "cost vs accuracy");
    h.append("<h2>The phased batch</h2><table><tr><th>phase</th><th>wall s</th></tr>");
    r.phaseMillis().forEach((p, ms) -> h.append(row(p, num(ms / 1000.0))));
    h.append(row("profiling (validation, its own pool)", num(run.profile().millis() / 1000.0)))
        .append("</table>");
    h.append("<p>Generations actually run (after answer reuse): ")
        .append(esc(r.calls().toString()))
        .append(". Model loads in the run's pool (it holds one model at a time): ")
        .append(r.loads().size())
        .append(" ")
        .append(esc(r.loads().toString()))
        .append(".</p>");
    LoadComparison c = run.comparison();
    if (c != null) {
      h.append("<h2>Naive per-query loading vs phased batch</h2><p>")
          .append(c.items())
          .append(" questions, ")
          .append(esc(c.method()))
          .append(", each plan in a fresh pool that holds one model at a time.</p>")
          .append("<table><tr><th>plan</th><th>wall s</th><th>model loads</th></tr>")
          .append(
              row(
                  "naive (query by query)",
                  num(c.naiveMillis() / 1000.0),
                  Integer.toString(c.naiveLoads())))
          .append(
              row(
                  "phased batch",
                  num(c.batchedMillis() / 1000.0),
                  Integer.toString(c.batchedLoads())))
          .append(row("naive ÷ batched", num(c.timeRatio()), num(c.loadRatio())))
          .append("</table>");
      img(h, pngs, "loading.png", "naive vs batched");
    }
    return h.append("</body></html>\n").toString();
  }

  private static String accuracies(EvalRun run) {
    List<String> parts = new ArrayList<>();
    run.profile()
        .ranking()
        .forEach(m -> parts.add(m + " " + pct(run.profile().accuracy().getOrDefault(m, 0.0))));
    return String.join(", ", parts);
  }

  private static void table(StringBuilder h, List<MethodSummary> summaries, boolean byTask) {
    List<String> groups =
        new ArrayList<>(
            (byTask ? summaries.getFirst().perTask() : summaries.getFirst().perSkill()).keySet());
    h.append("<table><tr><th>method</th>");
    groups.forEach(g -> h.append("<th>").append(esc(g)).append("</th>"));
    h.append("</tr>");
    for (MethodSummary s : summaries) {
      Map<String, Double> values = byTask ? s.perTask() : s.perSkill();
      List<String> cells = new ArrayList<>(List.of(s.label()));
      groups.forEach(g -> cells.add(pct(values.getOrDefault(g, Double.NaN))));
      h.append(row(cells.toArray(String[]::new)));
    }
    h.append("</table>");
  }

  private static void img(StringBuilder h, Map<String, byte[]> pngs, String name, String alt) {
    byte[] png = pngs.get(name);
    if (png != null)
      h.append("<p><img alt=\"")
          .append(alt)
          .append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(png))
          .append("\"></p>");
  }

  private static String row(String... cells) {
    var r = new StringBuilder("<tr>");
    for (String c : cells) r.append("<td>").append(esc(c)).append("</td>");
    return r.append("</tr>").toString();
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }

  static String num(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
