package io.symposium.orchestrator.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Routing latency per query at issue 6's scale: 32 experts × 5,000 vocabulary keywords, random
 * profiles, 5 keywords per query. A program rather than a timed test (timings on a shared machine
 * are not assertions).
 *
 * <pre>./mvnw -B -o -pl orchestrator -Pbench test-compile exec:exec [-Dbench.queries=100000]</pre>
 *
 * Each scenario is warmed up, then every query is timed on its own with {@link System#nanoTime()};
 * the table gives the median, p99 and p99.9 of those times and the profile set's one-off indexing
 * time.
 */
final class RoutingBenchmark {

  static final int EXPERTS = 32;
  static final int VOCABULARY = 5_000;
  static final int KEYWORDS_PER_QUERY = 5;
  static final int DISTINCT_QUERIES = 10_000;

  private RoutingBenchmark() {}

  public static void main(String[] args) {
    int measured = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int warmup = Math.max(50_000, measured / 2);

    List<ModelProfile> raw = ProfileFixtures.randomProfiles(EXPERTS, VOCABULARY, 20, 1);
    SkillProfiles profiles = SkillProfiles.of(raw);
    double indexMs = Double.MAX_VALUE;
    for (int i = 0; i < 5; i++) { // the best of a few builds: the first runs in the interpreter
      long start = System.nanoTime();
      profiles = SkillProfiles.of(raw);
      indexMs = Math.min(indexMs, (System.nanoTime() - start) / 1e6);
    }

    SplittableRandom random = new SplittableRandom(2);
    List<List<String>> queries = new ArrayList<>(DISTINCT_QUERIES);
    for (int i = 0; i < DISTINCT_QUERIES; i++) {
      queries.add(ProfileFixtures.randomQuery(random, VOCABULARY, KEYWORDS_PER_QUERY));
    }

    Router coe = Router.compositionOfExperts();
    long start = System.nanoTime();
    coe.route(
        RoutingInput.of(
            profiles, queries.getFirst())); // builds the category map for this profile set
    double categoryMapMs = (System.nanoTime() - start) / 1e6;

    System.out.printf(
        Locale.ROOT,
        "Routing benchmark: %d experts x %d keywords, %d keywords per query, %d queries timed per"
            + " row after %d warm-up%n",
        EXPERTS,
        VOCABULARY,
        KEYWORDS_PER_QUERY,
        measured,
        warmup);
    System.out.printf(
        Locale.ROOT,
        "JVM %s on %d cores; once per profile set: indexing (score columns + gamma) %.1f ms, CoE"
            + " category map %.1f ms (first build)%n%n",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        indexMs,
        categoryMapMs);
    System.out.println("| router / options | median µs | p99 µs | p99.9 µs | mean µs |");
    System.out.println("|---|---:|---:|---:|---:|");
    Router symbolic = Router.symbolicMoe();
    long sink = 0;
    sink +=
        run(
            "Symbolic-MoE, SAMPLE k=3",
            symbolic,
            profiles,
            queries,
            RoutingOptions.sample(3, 7),
            warmup,
            measured);
    sink +=
        run(
            "Symbolic-MoE, TOP_K k=3",
            symbolic,
            profiles,
            queries,
            RoutingOptions.topK(3),
            warmup,
            measured);
    sink +=
        run(
            "Symbolic-MoE, TOP_P p=0.9 (k<=8)",
            symbolic,
            profiles,
            queries,
            RoutingOptions.topP(0.9, 8),
            warmup,
            measured);
    sink +=
        run(
            "Symbolic-MoE, SAMPLE k=3, 1 excluded",
            symbolic,
            profiles,
            queries,
            RoutingOptions.sample(3, 7).excluding(List.of("m05")),
            warmup,
            measured);
    sink +=
        run(
            "Composition of Experts",
            coe,
            profiles,
            queries,
            RoutingOptions.defaults(),
            warmup,
            measured);
    System.out.println();
    System.out.println("(checksum " + sink + ")");
  }

  private static long run(
      String name,
      Router router,
      SkillProfiles profiles,
      List<List<String>> queries,
      RoutingOptions options,
      int warmup,
      int measured) {
    RoutingInput[] inputs =
        queries.stream()
            .map(q -> new RoutingInput(profiles, q, options))
            .toArray(RoutingInput[]::new);
    long sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += router.route(inputs[i % inputs.length]).experts().size();
    }
    long[] nanos = new long[measured];
    for (int i = 0; i < measured; i++) {
      RoutingInput input = inputs[i % inputs.length];
      long t0 = System.nanoTime();
      RoutingDecision decision = router.route(input);
      nanos[i] = System.nanoTime() - t0;
      sink += decision.experts().getFirst().hashCode();
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "| %s | %.1f | %.1f | %.1f | %.1f |%n",
        name,
        micros(percentile(nanos, 0.50)),
        micros(percentile(nanos, 0.99)),
        micros(percentile(nanos, 0.999)),
        micros((long) Arrays.stream(nanos).average().orElse(0)));
    return sink;
  }

  /** Nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, double q) {
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static double micros(long nanos) {
    return nanos / 1_000.0;
  }
}
