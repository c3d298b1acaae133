package io.symposium.evals.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Turns graded item results into each method's accuracy, spread and cost. */
public final class Metrics {
  static final double LEVEL = 0.95;

  private Metrics() {}

  /** One summary per label, in the order the labels first appear. */
  public static List<MethodSummary> summarise(
      List<EvalItem> items, List<ItemResult> results, Bootstrap bootstrap) {
    Map<String, List<ItemResult>> byLabel = new LinkedHashMap<>();
    results.forEach(r -> byLabel.computeIfAbsent(r.label(), l -> new ArrayList<>()).add(r));
    Map<Integer, EvalItem> byId = new LinkedHashMap<>();
    items.forEach(i -> byId.put(i.id(), i));
    List<MethodSummary> out = new ArrayList<>();
    byLabel.forEach((label, rs) -> out.add(summarise(label, rs, byId, bootstrap)));
    return out;
  }

  static MethodSummary summarise(
      String label, List<ItemResult> rs, Map<Integer, EvalItem> items, Bootstrap bootstrap) {
    Map<Long, double[]> bySeed = new TreeMap<>(); // seed → {correct, n}
    Map<Integer, double[]> byItem = new TreeMap<>();
    Set<Integer> unanswerable = new HashSet<>();
    Set<String> models = new HashSet<>();
    double expertCalls = 0, aggregatorCalls = 0, tokens = 0;
    long millis = 0;
    for (ItemResult r : rs) {
      tally(bySeed.computeIfAbsent(r.seed(), s -> new double[2]), r.correct());
      tally(byItem.computeIfAbsent(r.item(), s -> new double[2]), r.correct());
      if (r.unanswerable()) unanswerable.add(r.item());
      models.addAll(r.experts());
      if (r.aggregatorCalls() > 0) models.add("\0aggregator");
      expertCalls += r.expertCalls();
      aggregatorCalls += r.aggregatorCalls();
      tokens += r.tokens();
      millis += r.millis();
    }
    List<Double> perSeed = bySeed.values().stream().map(c -> c[0] / c[1]).toList();
    double[] perItem = byItem.values().stream().mapToDouble(c -> c[0] / c[1]).toArray();
    Bootstrap.Interval ci = bootstrap.interval(perItem, LEVEL);
    ItemResult first = rs.getFirst();
    int n = rs.size();
    return new MethodSummary(
        label,
        first.method(),
        first.aggregation(),
        byItem.size(),
        perSeed,
        mean(perSeed),
        std(perSeed),
        ci.low(),
        ci.high(),
        grouped(byItem, items, EvalItem::task),
        grouped(byItem, items, EvalItem::skill),
        expertCalls / n,
        aggregatorCalls / n,
        tokens / n,
        models.size(),
        millis,
        unanswerable.size());
  }

  private static void tally(double[] counts, boolean correct) {
    counts[0] += correct ? 1 : 0;
    counts[1]++;
  }

  /** Accuracy per group, each question weighted once (its accuracy averaged over seeds). */
  static Map<String, Double> grouped(
      Map<Integer, double[]> byItem,
      Map<Integer, EvalItem> items,
      Function<EvalItem, String> group) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    byItem.forEach(
        (id, c) -> {
          EvalItem item = items.get(id);
          if (item != null)
            tally2(sums.computeIfAbsent(group.apply(item), g -> new double[2]), c[0] / c[1]);
        });
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((g, s) -> out.put(g, s[0] / s[1]));
    return out;
  }

  private static void tally2(double[] sums, double value) {
    sums[0] += value;
    sums[1]++;
  }

  public static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Sample standard deviation (n − 1); 0 for fewer than two values. */
  public static double std(List<Double> values) {
    if (values.size() < 2) return 0;
    double m = mean(values);
    double ss = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
    return Math.sqrt(ss / (values.size() - 1));
  }
}
