package io.symposium.evals.run;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's plots, drawn by XChart as PNG bytes (file name → bytes, in report order). */
final class Charts {
  private Charts() {}

  static Map<String, byte[]> draw(EvalRun run) {
    System.setProperty("java.awt.headless", "true");
    Map<String, byte[]> pngs = new LinkedHashMap<>();
    pngs.put("accuracy.png", png(accuracy(run.summaries())));
    pngs.put("skills.png", png(skills(run.summaries())));
    pngs.put("cost.png", png(cost(run.summaries())));
    if (run.comparison() != null) pngs.put("loading.png", png(loading(run.comparison())));
    return pngs;
  }

  /**
   * Accuracy per method with the 95 % bootstrap interval as error bars (asymmetric, so the wider
   * side).
   */
  static CategoryChart accuracy(List<MethodSummary> summaries) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1100)
            .height(520)
            .title("Accuracy per method (95 % bootstrap interval)")
            .yAxisTitle("accuracy")
            .build();
    var styler = chart.getStyler();
    styler.setXAxisLabelRotation(40);
    styler.setLegendVisible(false);
    styler.setYAxisMin(0.0);
    styler.setYAxisMax(1.0);
    styler.setYAxisDecimalPattern("0.00");
    List<String> labels = summaries.stream().map(MethodSummary::label).toList();
    List<Double> means = summaries.stream().map(MethodSummary::mean).toList();
    List<Double> errors =
        summaries.stream().map(s -> Math.max(s.mean() - s.ciLow(), s.ciHigh() - s.mean())).toList();
    chart.addSeries("accuracy", labels, means, errors);
    return chart;
  }

  /** Skill × method accuracy. */
  static HeatMapChart skills(List<MethodSummary> summaries) {
    List<String> skills = new ArrayList<>(summaries.getFirst().perSkill().keySet());
    List<String> labels = summaries.stream().map(MethodSummary::label).toList();
    List<Number[]> cells = new ArrayList<>();
    for (int x = 0; x < labels.size(); x++)
      for (int y = 0; y < skills.size(); y++)
        cells.add(
            new Number[] {
              x, y, Math.round(100 * summaries.get(x).perSkill().getOrDefault(skills.get(y), 0.0))
            });
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(Math.max(900, 70 * labels.size() + 300))
            .height(Math.max(400, 28 * skills.size() + 220))
            .title("Accuracy (%) per skill and method")
            .build();
    var styler = chart.getStyler();
    styler.setShowValue(true);
    styler.setMin(0);
    styler.setMax(100);
    styler.setXAxisLabelRotation(40);
    styler.setRangeColors(
        new Color[] {new Color(0xd7301f), new Color(0xfee08b), new Color(0x1a9850)});
    chart.addSeries("accuracy", labels, skills, cells);
    return chart;
  }

  /** Accuracy against tokens per question, the form router papers use. */
  static XYChart cost(List<MethodSummary> summaries) {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(560)
            .title("Cost vs accuracy")
            .xAxisTitle("tokens per question (experts + aggregator)")
            .yAxisTitle("accuracy")
            .build();
    var styler = chart.getStyler();
    styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setMarkerSize(10);
    for (MethodSummary s : summaries)
      chart
          .addSeries(s.label(), new double[] {s.tokens()}, new double[] {s.mean()})
          .setMarker(SeriesMarkers.CIRCLE);
    return chart;
  }

  /** Wall seconds and model loads, naive per-query loading against the phased batch. */
  static CategoryChart loading(LoadComparison c) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(800)
            .height(460)
            .title(
                "Naive per-query loading vs phased batch (%d questions, %s)"
                    .formatted(c.items(), c.method()))
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    List<String> what = List.of("wall seconds", "model loads");
    chart.addSeries("naive", what, List.of(c.naiveMillis() / 1000.0, c.naiveLoads()));
    chart.addSeries("batched", what, List.of(c.batchedMillis() / 1000.0, c.batchedLoads()));
    return chart;
  }

  static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw " + chart.getTitle(), e);
    }
  }
}
