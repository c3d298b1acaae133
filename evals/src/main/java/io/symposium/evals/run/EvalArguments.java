package io.symposium.evals.run;

import io.symposium.aggregate.TaskFormat;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The CLI's arguments, parsed and checked into {@link EvalSettings}. */
public final class EvalArguments {
  static final String USAGE =
      """
      usage: RunEvals [--dataset zoo|FILE] [--validation FILE] [--format auto|mc|integer|free]
                      [--methods all|m1,m2,...] [--seeds 0,1,2] [--limit N] [--profile-limit N]
                      [--k 3] [--max-tokens 64] [--threads 2] [--naive-items N]
                      [--bootstrap 1000] [--zoo evals/zoo/models] [--drop M1,M2] [--twin M] [--out DIR]
                      [--db auto|none|JDBC_URL] [--db-user U] [--db-password P] [--run-id UUID]
                      [--server URL] [--user U] [--password P]
        --limit          test questions per skill (zoo) or category (file)
        --profile-limit  validation questions per skill/category to profile on (default 16, as the service)
        --naive-items    questions of the naive per-query loading comparison (0: skip)
        --drop           zoo experts to leave out of the pool (e.g. generalist-large)
        --twin           a zoo expert the pool holds twice, the copy named <expert>-twin
        --db             where the run and its items are stored (default auto: the service's
                         embedded PostgreSQL under data/postgres when it runs, else files only);
                         user/password from --db-user/--db-password or SYMPOSIUM_DB_USER/_PASSWORD
        --run-id         the eval_runs row to update (one the service created), else a new one
        --server         run on a service (POST /admin/api/evals) instead of in this process;
                         admin user/password from --user/--password or SYMPOSIUM_ADMIN_USER/_PASSWORD
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
          "out",
          "db",
          "db-user",
          "db-password",
          "run-id",
          "server",
          "user",
          "password");

  private EvalArguments() {}

  /** A bad command line; its message says what is wrong. */
  public static final class UsageException extends IllegalArgumentException {
    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Where the run goes besides its files: a database ({@code db} null: files only; "auto": the
   * service's embedded server if it runs) and a row to update, or a service to run it on.
   */
  public record Target(
      String db,
      String dbUser,
      String dbPassword,
      @Nullable UUID runId,
      @Nullable URI server,
      String user,
      String password) {}

  public static Target target(String... args) {
    Map<String, String> o = options(args);
    UUID runId = null;
    if (o.containsKey("run-id"))
      try {
        runId = UUID.fromString(o.get("run-id").strip());
      } catch (IllegalArgumentException e) {
        throw new UsageException("--run-id must be a UUID, got '" + o.get("run-id") + "'");
      }
    URI server = null;
    if (o.containsKey("server")) {
      try {
        server = URI.create(o.get("server").strip());
      } catch (IllegalArgumentException e) {
        throw new UsageException("--server must be a URL, got '" + o.get("server") + "'");
      }
      if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme()))
        throw new UsageException("--server must be an http(s) URL, got '" + server + "'");
      if (o.containsKey("db") || runId != null)
        throw new UsageException("--server stores the run on the service: no --db or --run-id");
    }
    String db = o.getOrDefault("db", "auto").strip();
    if (!db.equals("auto") && !db.equals("none") && !db.startsWith("jdbc:postgresql:"))
      throw new UsageException(
          "--db must be auto, none or a jdbc:postgresql: URL, got '" + db + "'");
    if (runId != null && db.equals("none"))
      throw new UsageException("--run-id needs a database (--db)");
    return new Target(
        db,
        o.getOrDefault("db-user", env("SYMPOSIUM_DB_USER", "postgres")),
        o.getOrDefault("db-password", env("SYMPOSIUM_DB_PASSWORD", "")),
        runId,
        server,
        o.getOrDefault("user", env("SYMPOSIUM_ADMIN_USER", "admin")),
        o.getOrDefault("password", env("SYMPOSIUM_ADMIN_PASSWORD", "")));
  }

  /** Options of the run a service is asked for (--server): what POST /admin/api/evals takes. */
  private static final Set<String> SERVER_RUN =
      Set.of("dataset", "methods", "seeds", "limit", "out");

  private static final Set<String> TARGET =
      Set.of("db", "db-user", "db-password", "run-id", "server", "user", "password");

  /** The body of {@code POST /admin/api/evals} for a --server run, and the local --out. */
  public record ServerRequest(Map<String, Object> body, Path out) {}

  public static ServerRequest serverRequest(String... args) {
    Map<String, String> o = options(args);
    for (String name : o.keySet())
      if (!SERVER_RUN.contains(name) && !TARGET.contains(name))
        throw new UsageException(
            "--"
                + name
                + " is the service's setting; with --server give only --dataset, --methods,"
                + " --seeds, --limit and --out");
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("dataset", o.getOrDefault("dataset", "zoo"));
    body.put(
        "methods",
        Arrays.stream(o.getOrDefault("methods", "all").split(",")).map(String::strip).toList());
    body.put("seeds", seeds(o.getOrDefault("seeds", "0,1,2")));
    body.put("limit", number(o, "limit", 4));
    return new ServerRequest(body, Path.of(o.getOrDefault("out", "target/evals")));
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  private static Map<String, String> options(String... args) {
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
    return o;
  }

  public static EvalSettings parse(String... args) {
    Map<String, String> o = options(args);
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

  private static @Nullable TaskFormat format(String spec) {
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
