package io.symposium.evals.run;

import io.symposium.aggregate.TaskFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The CLI's arguments, parsed and checked into {@link EvalSettings}. */
public final class EvalArguments {
  static final String USAGE =
      """
      usage: RunEvals [--dataset zoo|FILE] [--validation FILE] [--format auto|mc|integer|free]
                      [--methods all|m1,m2,...] [--seeds 0,1,2] [--limit N] [--profile-limit N]
                      [--k 3] [--max-tokens 64] [--threads 2] [--naive-items N]
                      [--bootstrap 1000] [--zoo evals/zoo/models] [--drop M1,M2] [--twin M] [--out DIR]
        --limit          test questions per skill (zoo) or category (file)
        --profile-limit  validation questions per skill/category to profile on (default 16, as the service)
        --naive-items    questions of the naive per-query loading comparison (0: skip)
        --drop           zoo experts to leave out of the pool (e.g. generalist-large)
        --twin           a zoo expert the pool holds twice, the copy named <expert>-twin
        methods: %s\
      """
          .formatted(Methods.all(3).stream().map(Method::name).toList());

  private static final Set<String> KNOWN =
      Set.of(
          "dataset",
          "validation",
          "format",
          "methods",
          "seeds",
          "limit",
          "profile-limit",
          "k",
          "max-tokens",
          "threads",
          "naive-items",
          "bootstrap",
          "zoo",
          "drop",
          "twin",
          "out");

  private EvalArguments() {}

  /** A bad command line; its message says what is wrong. */
  public static final class UsageException extends IllegalArgumentException {
    UsageException(String message) {
      super(message);
    }
  }

  public static EvalSettings parse(String... args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--"))
        throw new UsageException("unexpected argument '" + args[i] + "'");
      String name = args[i].substring(2);
      if (!KNOWN.contains(name)) throw new UsageException("unknown option --" + name);
      if (i + 1 >= args.length || args[i + 1].startsWith("--"))
        throw new UsageException("--" + name + " needs a value");
      o.put(name, args[++i]);
    }
    String dataset = o.getOrDefault("dataset", "zoo");
    if (!dataset.equals("zoo") && !Files.isRegularFile(Path.of(dataset)))
      throw new UsageException("--dataset must be 'zoo' or a benchmark file; no file " + dataset);
    String validation = o.get("validation");
    if (validation != null && !Files.isRegularFile(Path.of(validation)))
      throw new UsageException("no validation file " + validation);
    Path zoo = Path.of(o.getOrDefault("zoo", "evals/zoo/models"));
    if (!Files.isDirectory(zoo))
      throw new UsageException("no zoo directory " + zoo + " (give --zoo DIR)");
    int k = number(o, "k", 3);
    List<String> methods =
        Arrays.stream(o.getOrDefault("methods", "all").split(",")).map(String::strip).toList();
    try {
      Methods.parse(String.join(",", methods), k);
      return new EvalSettings(
          dataset,
          validation == null ? null : Path.of(validation),
          format(o.getOrDefault("format", "auto")),
          number(o, "limit", 4),
          number(o, "profile-limit", 16),
          methods,
          seeds(o.getOrDefault("seeds", "0,1,2")),
          k,
          number(o, "max-tokens", Profiler.ANSWER_TOKENS),
          number(o, "threads", 2),
          number(o, "naive-items", 10),
          number(o, "bootstrap", 1000),
          20_261_203L,
          zoo,
          o.containsKey("drop")
              ? Arrays.stream(o.get("drop").split(",")).map(String::strip).toList()
              : List.of(),
          o.get("twin"),
          Path.of(o.getOrDefault("out", "target/evals")));
    } catch (UsageException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage() == null ? "bad arguments" : e.getMessage());
    }
  }

  private static int number(Map<String, String> o, String name, int fallback) {
    String v = o.get(name);
    if (v == null) return fallback;
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
    }
  }

  private static List<Long> seeds(String spec) {
    List<Long> seeds = new ArrayList<>();
    for (String s : spec.split(","))
      try {
        seeds.add(Long.parseLong(s.strip()));
      } catch (NumberFormatException e) {
        throw new UsageException(
            "--seeds must be whole numbers separated by commas, got '" + spec + "'");
      }
    return seeds;
  }

  private static @org.jspecify.annotations.Nullable TaskFormat format(String spec) {
    return switch (spec) {
      case "auto" -> null;
      case "mc" -> TaskFormat.MULTIPLE_CHOICE;
      case "integer" -> TaskFormat.INTEGER;
      case "free" -> TaskFormat.FREE_TEXT;
      default ->
          throw new UsageException(
              "--format must be auto, mc, integer or free, got '" + spec + "'");
    };
  }
}
