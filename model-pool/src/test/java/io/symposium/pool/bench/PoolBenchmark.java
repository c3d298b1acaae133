package io.symposium.pool.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.pool.BackendKind;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.Footprint;
import io.symposium.pool.LoadAhead;
import io.symposium.pool.LocalEngineOptions;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.OfflinePlan;
import io.symposium.pool.PlanResult;
import io.symposium.pool.gguf.GgufInspector;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The pool benchmark of issue 4: batch-by-model scheduling against loading a model for every
 * request. Eight generated expert models (200–470 MB, q8_0 and f16) answer 64 queries, each routed
 * at random (seeded) to 3 distinct experts, with answers capped at 16 and at 128 new tokens. Four
 * ways of running the same 192 completions are timed, each on a fresh pool (its own llama.cpp
 * worker process):
 *
 * <ul>
 *   <li>(a) naive: for every query×expert, load the expert, answer, unload (a budget that fits one
 *       model);
 *   <li>(b) the offline plan, {@link ModelPool#run(OfflinePlan)}, under a budget that fits about
 *       two models;
 *   <li>(c) the online scheduler with all 192 completions submitted at once, same tight budget;
 *   <li>(d) every model resident (a budget that fits them all, preloaded before the clock starts),
 *       running the same plan: the lower bound, no loads at all.
 * </ul>
 *
 * <p>The GPU workload (argument 8 {@code gpu}, issue 16) runs the same four on {@link GpuFixtures}'
 * eight models of 2.5–8 GB with every layer offloaded to a GPU build of llama.cpp (argument 9, its
 * {@code libllama}), answers capped at 32 tokens; there the budgets are of GPU memory (host memory
 * is not the limit), and the files stay in the page cache (the loads time the upload to the GPU,
 * not the disk).
 *
 * <p>A program, not a timed test (two shared cores). Run it with {@code ./mvnw -B -o -pl model-pool
 * -Pbench test-compile exec:exec@pool} (model-pool/README.md, "Pool benchmark"). Arguments: the
 * bench directory (fixtures go to its {@code pool/} folder once and are reused), the answer caps
 * ({@code 16,128}), and how many of the 64 queries (a) runs at caps up to 16 (default all) and
 * above 16 (default 16); a subset's time is extrapolated to 64 queries, and the table says so.
 */
final class PoolBenchmark {
  private static final long ROUTING_SEED = 20261124L;
  private static final int QUERIES = 64;
  private static final int EXPERTS_PER_QUERY = 3;

  /**
   * Defaults of the threads per model and the parallel slots per model (arguments 5 and 6; argument
   * 7 is the load-ahead mode).
   */
  private static final int DEFAULT_THREADS = 2;

  private static final int DEFAULT_SLOTS = 8;

  /**
   * Tokens per sequence: the prompts are under 32 tokens (char-level vocabulary), answers at most
   * 128.
   */
  private static final int CONTEXT = 256;

  /** The GPU workload's prompts (under 32 tokens) and answers (at most 32) fit in 128. */
  private static final int GPU_CONTEXT = 128;

  /** The orchestrator's default {@code symposium.pool.max-wait}. */
  private static final Duration MAX_WAIT = Duration.ofSeconds(30);

  /** One generated expert model. */
  record Expert(String id, ModelShape shape, WeightType type, long seed) {
    Path path(Path dir) {
      return dir.resolve(id + ".gguf");
    }
  }

  // sizes are those of the written files; a dense llama layout as in EngineBenchmark
  static final List<Expert> EXPERTS =
      List.of(
          new Expert(
              "q8-2048x6",
              ModelShape.dense(2048, 6, 16, 5632, 32000),
              WeightType.Q8_0,
              101), // 467 MB
          new Expert(
              "q8-2048x4",
              ModelShape.dense(2048, 4, 16, 5632, 32000),
              WeightType.Q8_0,
              102), // 358 MB
          new Expert(
              "q8-1536x8",
              ModelShape.dense(1536, 8, 16, 4096, 32000),
              WeightType.Q8_0,
              103), // 344 MB
          new Expert(
              "q8-2048x2",
              ModelShape.dense(2048, 2, 16, 5632, 32000),
              WeightType.Q8_0,
              104), // 248 MB
          new Expert(
              "f16-2048x3",
              ModelShape.dense(2048, 3, 16, 5632, 16000),
              WeightType.F16,
              105), // 440 MB
          new Expert(
              "f16-1024x8",
              ModelShape.dense(1024, 8, 16, 2816, 32000),
              WeightType.F16,
              106), // 337 MB
          new Expert(
              "f16-1536x4",
              ModelShape.dense(1536, 4, 16, 4096, 16000),
              WeightType.F16,
              107), // 324 MB
          new Expert(
              "f16-1024x4",
              ModelShape.dense(1024, 4, 16, 2816, 32000),
              WeightType.F16,
              108)); // 234 MB

  /**
   * Starts each pool's worker process and warms its JIT before any clock runs; tiny, so loading it
   * costs nothing.
   */
  private static final Expert WARM_UP =
      new Expert("warm-up-tiny", ModelShape.tinyDense(), WeightType.F32, 7);

  private static final List<String> TOPICS =
      List.of(
          "tides",
          "primes",
          "enzymes",
          "tariffs",
          "glaciers",
          "sonnets",
          "vaccines",
          "orbits",
          "bonds",
          "fungi",
          "lasers",
          "dialects");

  /**
   * Held so the settings stick (JUL keeps loggers weakly): the scheduler's per-load INFO lines
   * would bury the tables.
   */
  private static final java.util.logging.Logger POOL_LOG =
      java.util.logging.Logger.getLogger("io.symposium.pool");

  private static final java.util.logging.Logger ENGINE_LOG =
      java.util.logging.Logger.getLogger("llama.cpp");

  /** One query and the experts the router sent it to. */
  record Query(int number, String prompt, List<String> experts) {}

  /** What one configuration did: loads, wall time, time spent loading, tokens generated. */
  record Run(
      String name,
      int queriesTimed,
      long loads,
      double wallSeconds,
      double loadSeconds,
      long tokens,
      long cachedAtStart,
      List<String> loadHistory) {}

  /**
   * Which models, and where they run: on the CPU with the bundled library, or with every layer on
   * the GPU of {@code library}.
   */
  record Workload(
      String name, List<Expert> experts, int context, int gpuLayers, @Nullable Path library) {
    static Workload cpu() {
      return new Workload("cpu", EXPERTS, CONTEXT, 0, null);
    }

    static Workload gpu(Path library) {
      List<Expert> models =
          GpuFixtures.models().stream()
              .map(m -> new Expert(m.id(), m.shape(), m.type(), m.seed()))
              .toList();
      return new Workload("gpu", models, GPU_CONTEXT, GpuFixtures.gpuLayers(), library);
    }

    boolean onGpu() {
      return name.equals("gpu");
    }
  }

  private final Path dir;
  private final PrintStream out;
  private final QuietMachine quiet;
  private final Workload workload;
  private final List<Query> queries;
  private final long tightBudget;
  private final long naiveBudget;
  private final long fullBudget;
  private final long hostBudget;
  private final int threads;
  private final int slots;
  private final LoadAhead loadAhead;

  private PoolBenchmark(
      Path dir, PrintStream out, Workload workload, int threads, int slots, LoadAhead loadAhead) {
    this.dir = dir;
    this.out = out;
    this.workload = workload;
    this.loadAhead = loadAhead;
    this.threads = threads;
    this.slots = slots;
    this.quiet = new QuietMachine(out);
    this.queries = route(workload.experts());
    // on the GPU the budgets are of GPU memory and host memory is not the limit
    List<Long> footprints =
        workload.experts().stream().map(e -> budgeted(footprint(e, slots))).sorted().toList();
    long warmUp = budgeted(footprint(WARM_UP, 1));
    // the two largest fit, so at most two (three small ones) are resident and every switch evicts
    this.tightBudget =
        footprints.get(footprints.size() - 1) + footprints.get(footprints.size() - 2) + warmUp;
    this.naiveBudget =
        workload.experts().stream().mapToLong(e -> budgeted(footprint(e, 1))).max().orElseThrow()
            + warmUp;
    this.fullBudget = footprints.stream().mapToLong(Long::longValue).sum() + warmUp;
    this.hostBudget =
        workload.experts().stream().mapToLong(e -> footprint(e, slots).hostBytes()).sum()
            + footprint(WARM_UP, 1).hostBytes();
  }

  /** The part of a footprint the workload's budgets limit: GPU memory on the GPU, else host. */
  private long budgeted(Footprint f) {
    return workload.onGpu() ? f.gpuBytes() : f.hostBytes();
  }

  public static void main(String[] args) throws IOException {
    Workload workload =
        args.length > 7 && args[7].strip().equals("gpu")
            ? Workload.gpu(Path.of(args.length > 8 ? args[8] : "libllama.so").toAbsolutePath())
            : Workload.cpu();
    Path dir =
        Path.of(args.length > 0 ? args[0] : "model-pool/target/bench")
            .toAbsolutePath()
            .resolve(workload.onGpu() ? "gpu" : "pool");
    List<Integer> caps =
        List.of((args.length > 1 ? args[1] : workload.onGpu() ? "32" : "16,128").split(","))
            .stream()
            .map(String::strip)
            .map(Integer::parseInt)
            .toList();
    int naiveShort = naiveQueries(args, 2, QUERIES);
    int naiveLong = naiveQueries(args, 3, 16);
    int threads = positive(args, 4, DEFAULT_THREADS, "threads per model");
    int slots = positive(args, 5, DEFAULT_SLOTS, "slots per model");
    LoadAhead loadAhead =
        args.length > 6 && !args[6].isBlank() ? LoadAhead.parse(args[6]) : LoadAhead.LOAD;
    Files.createDirectories(dir);
    POOL_LOG.setLevel(java.util.logging.Level.WARNING);
    ENGINE_LOG.setLevel(java.util.logging.Level.SEVERE);
    workload.experts().forEach(e -> ensure(dir, e));
    ensure(dir, WARM_UP);
    long start = System.nanoTime();
    try (OutputStream file = Files.newOutputStream(dir.resolve("results.md"));
        PrintStream out =
            new PrintStream(EngineBenchmark.tee(System.out, file), true, StandardCharsets.UTF_8)) {
      PoolBenchmark bench = new PoolBenchmark(dir, out, workload, threads, slots, loadAhead);
      bench.machine();
      List<Run[]> results = new ArrayList<>();
      for (int cap : caps) {
        int naiveQueries = cap <= 16 ? naiveShort : naiveLong;
        results.add(bench.all(cap, naiveQueries));
      }
      bench.table(caps, results);
      out.printf("_Total run time: %.0f s._%n", (System.nanoTime() - start) / 1e9);
    }
    System.exit(0); // the worker supervisors' threads are daemons, but leave no doubt
  }

  /** How many of the 64 queries the naive run answers (its time is then extrapolated to 64). */
  private static int naiveQueries(String[] args, int index, int fallback) {
    int n = args.length > index ? Integer.parseInt(args[index]) : fallback;
    if (n < 1 || n > QUERIES) {
      throw new IllegalArgumentException(
          "naive queries must be 1 to %d, got %d".formatted(QUERIES, n));
    }
    return n;
  }

  private static int positive(String[] args, int index, int fallback, String what) {
    int n =
        args.length > index && !args[index].isBlank()
            ? Integer.parseInt(args[index].strip())
            : fallback;
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + n);
    }
    return n;
  }

  // ---- the workload ----

  /** 64 queries, each routed to 3 distinct experts drawn uniformly with a fixed seed. */
  private static List<Query> route(List<Expert> experts) {
    Random random = new Random(ROUTING_SEED);
    List<Query> out = new ArrayList<>();
    for (int q = 0; q < QUERIES; q++) {
      Set<String> chosen = new LinkedHashSet<>();
      while (chosen.size() < EXPERTS_PER_QUERY) {
        chosen.add(experts.get(random.nextInt(experts.size())).id());
      }
      String prompt = "Q%d: why %s?".formatted(q + 1, TOPICS.get(random.nextInt(TOPICS.size())));
      out.add(new Query(q + 1, prompt, List.copyOf(chosen)));
    }
    return List.copyOf(out);
  }

  private List<OfflinePlan.Assignment> assignments(int cap) {
    List<OfflinePlan.Assignment> work = new ArrayList<>();
    for (Query q : queries) {
      for (String expert : q.experts()) {
        work.add(
            new OfflinePlan.Assignment(
                "q%02d-%s".formatted(q.number(), expert),
                expert,
                CompletionRequest.greedy(q.prompt(), cap)));
      }
    }
    return work;
  }

  private Set<String> distinctExperts() {
    Set<String> used = new LinkedHashSet<>();
    queries.forEach(q -> used.addAll(q.experts()));
    return used;
  }

  // ---- the four configurations ----

  private Run[] all(int cap, int naiveQueries) {
    out.printf("## Answers capped at %d new tokens%n%n", cap);
    Run naive = naive(cap, naiveQueries);
    Run plan = plan(cap);
    Run online = online(cap);
    Run resident = resident(cap);
    return new Run[] {naive, plan, online, resident};
  }

  /**
   * (a) For every query×expert: load, answer, unload; nothing is reused between requests. Each
   * request goes to an id of its own (registered before the clock starts) for its expert's file, so
   * under a budget that fits one model every request loads its model and evicts the one before;
   * registering them all before the clock starts keeps the GGUF inspection of registration out of
   * the timing.
   */
  private Run naive(int cap, int queriesTimed) {
    announce("(a) naive per-query loading", cap);
    try (Measured m = new Measured(naiveBudget)) {
      List<OfflinePlan.Assignment> work = new ArrayList<>();
      for (Query q : queries.subList(0, queriesTimed)) {
        for (String expert : q.experts()) {
          String id = "%s.q%02d".formatted(expert, q.number());
          m.pool.register(spec(expert(expert), 1, id));
          work.add(new OfflinePlan.Assignment(id, id, CompletionRequest.greedy(q.prompt(), cap)));
        }
      }
      long cached = dropPageCache();
      quiet.awaitQuiet();
      m.start();
      long tokens = 0;
      for (OfflinePlan.Assignment a : work) {
        tokens += m.pool.complete(a.modelId(), a.request()).join().completionTokens();
      }
      return m.stop("(a) naive", queriesTimed, tokens, cached);
    }
  }

  /**
   * (b) {@link ModelPool#run}: every model loaded once, its prompts decoded together, the next one
   * prefetched.
   */
  private Run plan(int cap) {
    announce("(b) offline plan", cap);
    try (Measured m = new Measured(tightBudget)) {
      workload.experts().forEach(e -> m.pool.register(spec(e, slots)));
      long cached = dropPageCache();
      quiet.awaitQuiet();
      m.start();
      PlanResult result = m.pool.run(new OfflinePlan(assignments(cap), null)).join();
      if (!result.failures().isEmpty()) {
        throw new IllegalStateException("the plan had failures: " + result.failures());
      }
      long tokens =
          result.completions().values().stream().mapToLong(Completion::completionTokens).sum();
      return m.stop("(b) offline plan", QUERIES, tokens, cached);
    }
  }

  /** (c) All 192 completions submitted at once to the online scheduler. */
  private Run online(int cap) {
    announce("(c) online, all queries at once", cap);
    try (Measured m = new Measured(tightBudget)) {
      workload.experts().forEach(e -> m.pool.register(spec(e, slots)));
      long cached = dropPageCache();
      quiet.awaitQuiet();
      m.start();
      List<CompletableFuture<Completion>> all = new ArrayList<>();
      for (OfflinePlan.Assignment a : assignments(cap)) {
        all.add(m.pool.complete(a.modelId(), a.request()));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      long tokens =
          all.stream().map(CompletableFuture::join).mapToLong(Completion::completionTokens).sum();
      return m.stop("(c) online", QUERIES, tokens, cached);
    }
  }

  /** (d) The same plan with every model already resident: no loads, the lower bound. */
  private Run resident(int cap) {
    announce("(d) all models resident", cap);
    try (Measured m = new Measured(fullBudget)) {
      for (Expert e : workload.experts()) {
        m.pool.register(spec(e, slots));
        m.pool.complete(e.id(), CompletionRequest.greedy("warm", 1)).join();
      }
      quiet.awaitQuiet();
      m.start();
      PlanResult result = m.pool.run(new OfflinePlan(assignments(cap), null)).join();
      if (!result.failures().isEmpty()) {
        throw new IllegalStateException("the plan had failures: " + result.failures());
      }
      long tokens =
          result.completions().values().stream().mapToLong(Completion::completionTokens).sum();
      return m.stop("(d) all resident", QUERIES, tokens, -1);
    }
  }

  /**
   * A fresh pool for one configuration, with its worker process started and warmed (a tiny model
   * loaded and 20 short completions) before anything is timed. The tiny model stays registered; it
   * is idle, so the first real load evicts it, and every budget has room for it.
   */
  private final class Measured implements AutoCloseable {
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ModelPool pool;
    private long loadsBefore;
    private double loadSecondsBefore;
    private int historyBefore;
    private long startNanos;

    Measured(long budget) {
      ModelPool.Config config =
          new ModelPool.Config(
              workload.onGpu() ? hostBudget : budget,
              MAX_WAIT,
              256,
              Duration.ofMinutes(10),
              1,
              Duration.ofMillis(200),
              List.of(dir),
              loadAhead);
      Path library = workload.library();
      LocalEngineOptions engine =
          library == null
              ? LocalEngineOptions.defaults()
              : LocalEngineOptions.defaults().withLibrary(library);
      pool =
          ModelPool.create(
              workload.onGpu() ? config.withGpuMemoryBudget(budget) : config,
              Map.of(BackendKind.LLAMA_CPP, ModelBackends.llamaCpp(engine)),
              InstantSource.system(),
              meters);
      pool.register(spec(WARM_UP, 1));
      for (int i = 0; i < 20; i++) {
        pool.complete(WARM_UP.id(), CompletionRequest.greedy("warm up " + i, 4)).join();
      }
    }

    void start() {
      loadsBefore = pool.loads();
      loadSecondsBefore = loadSeconds();
      historyBefore = pool.queues().loadHistory().size();
      startNanos = System.nanoTime();
    }

    Run stop(String name, int queriesTimed, long tokens, long cachedAtStart) {
      double wall = (System.nanoTime() - startNanos) / 1e9;
      List<String> history = pool.queues().loadHistory();
      Run run =
          new Run(
              name,
              queriesTimed,
              pool.loads() - loadsBefore,
              wall,
              loadSeconds() - loadSecondsBefore,
              tokens,
              cachedAtStart,
              history.subList(historyBefore, history.size()));
      out.printf(
          "%s: %d queries, %d loads, %.1f s wall (%.1f s of it loading), %d tokens generated%n%n",
          name, queriesTimed, run.loads(), wall, run.loadSeconds(), tokens);
      return run;
    }

    private double loadSeconds() {
      return meters.find("symposium.pool.load.seconds").timers().stream()
          .mapToDouble(t -> t.totalTime(TimeUnit.SECONDS))
          .sum();
    }

    @Override
    public void close() {
      pool.close();
    }
  }

  // ---- the table ----

  private void machine() {
    out.printf(
        "# Pool benchmark, %s%n%n", Instant.now().toString().substring(0, 16).replace('T', ' '));
    out.printf(
        "- %s, %d CPUs visible, %s RAM; Java %s; llama.cpp v0.5.0 (%s) in one worker"
            + " process per pool; %d threads and %d parallel slots per model%n",
        EngineBenchmark.cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        EngineBenchmark.memTotal(),
        System.getProperty("java.version"),
        workload.onGpu()
            ? "%s, every layer on the GPU".formatted(workload.library())
            : "bundled CPU build",
        threads,
        slots);
    MarkdownTable models =
        new MarkdownTable(
            "expert",
            "type",
            "file MB",
            "%sfootprint MiB (%d slots × %d ctx)"
                .formatted(workload.onGpu() ? "GPU " : "", slots, workload.context()),
            "queries routed to it");
    for (Expert e : workload.experts()) {
      long routed = queries.stream().filter(q -> q.experts().contains(e.id())).count();
      models.row(
          e.id(),
          e.type(),
          fmt0(EngineBenchmark.megabytes(e.path(dir))),
          fmt0(budgeted(footprint(e, slots)) / 1048576.0),
          routed);
    }
    out.printf(
        "- %d queries × %d experts (seed %d), %d distinct experts used; prompts like \"%s\" (%d–%d"
            + " characters, one token each)%n",
        QUERIES,
        EXPERTS_PER_QUERY,
        ROUTING_SEED,
        distinctExperts().size(),
        queries.getFirst().prompt(),
        queries.stream().mapToInt(q -> q.prompt().length()).min().orElseThrow(),
        queries.stream().mapToInt(q -> q.prompt().length()).max().orElseThrow());
    out.printf(
        "- %sbudgets: (a) %.0f MiB (one model, 1 slot), (b)/(c) %.0f MiB (the two largest), (d)"
            + " %.0f MiB (all); max-wait %d s; load-ahead %s%n- fixtures in %s%n%n",
        workload.onGpu()
            ? "GPU memory (host memory %.0f MiB, which holds all) "
                .formatted(hostBudget / 1048576.0)
            : "",
        naiveBudget / 1048576.0,
        tightBudget / 1048576.0,
        fullBudget / 1048576.0,
        MAX_WAIT.toSeconds(),
        loadAhead.name().toLowerCase(Locale.ROOT),
        dir);
    out.print(models.render());
    out.println();
  }

  private void table(List<Integer> caps, List<Run[]> results) {
    out.printf("## Pool benchmark: batch-by-model vs naive loading%n%n");
    MarkdownTable table =
        new MarkdownTable(
            "cap",
            "configuration",
            "loads",
            "wall s",
            "of which loading s",
            "tokens",
            "(a) ÷ this",
            "this ÷ (d)",
            "page cache at start");
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < caps.size(); i++) {
      int cap = caps.get(i);
      Run[] runs = results.get(i);
      Run naive = runs[0];
      double scale = (double) QUERIES / naive.queriesTimed();
      double naiveWall = naive.wallSeconds() * scale;
      double residentWall = runs[3].wallSeconds();
      for (Run run : runs) {
        boolean extrapolated = run == naive && naive.queriesTimed() < QUERIES;
        double wall = run == naive ? naiveWall : run.wallSeconds();
        table.row(
            cap,
            run.name() + (extrapolated ? " ×%.0f†".formatted(scale) : ""),
            extrapolated
                ? "%d† (%d run)".formatted(Math.round(run.loads() * scale), run.loads())
                : run.loads(),
            extrapolated
                ? "%s† (%s run)".formatted(fmt1(wall), fmt1(run.wallSeconds()))
                : fmt1(wall),
            extrapolated ? fmt1(run.loadSeconds() * scale) + "†" : fmt1(run.loadSeconds()),
            extrapolated ? Math.round(run.tokens() * scale) + "†" : run.tokens(),
            fmt2(naiveWall / wall) + "×",
            fmt2(wall / residentWall) + "×",
            run.cachedAtStart() == -1
                ? "models resident"
                : run.cachedAtStart() == -2
                    ? "files cached"
                    : "dropped (%.0f MB left)".formatted(run.cachedAtStart() / 1e6));
        if (extrapolated) {
          notes.add(
              "† cap %d: (a) ran the first %d of the 64 queries (%d completions); loads, wall, loading time and tokens are scaled ×%.0f to 64 queries (%s s and %d loads measured)."
                  .formatted(
                      cap,
                      naive.queriesTimed(),
                      naive.queriesTimed() * EXPERTS_PER_QUERY,
                      scale,
                      fmt1(naive.wallSeconds()),
                      naive.loads()));
        }
      }
      notes.add(
          "cap %d: (b) loaded %s; (c) loaded %s."
              .formatted(cap, runs[1].loadHistory(), runs[2].loadHistory()));
    }
    out.print(table.render());
    out.println();
    notes.forEach(n -> out.println("- " + n));
    out.println();
    Run[] first = results.getFirst();
    double limit = workload.onGpu() ? 1.10 : 1.15;
    out.printf(
        "Targets (cap %d): loads in (b) = %d distinct experts used → %d; (b) ≥ 7× faster than (a) →"
            + " %s×; (b) ≤ %.2f× (d) → %s×; (c) within 1.2× of (b) → %s×.%n%n",
        caps.getFirst(),
        distinctExperts().size(),
        first[1].loads(),
        fmt2(first[0].wallSeconds() * QUERIES / first[0].queriesTimed() / first[1].wallSeconds()),
        limit,
        fmt2(first[1].wallSeconds() / first[3].wallSeconds()),
        fmt2(first[2].wallSeconds() / first[1].wallSeconds()));
  }

  // ---- pieces ----

  private void announce(String name, int cap) {
    out.printf("### %s, cap %d%n%n", name, cap);
  }

  /**
   * Drops every expert file from the page cache; returns the bytes still cached (checked by
   * fincore).
   */
  private long dropPageCache() {
    if (workload.onGpu()) {
      return -2; // the GPU workload keeps its files cached: it times the upload, not the disk
    }
    return workload.experts().stream().mapToLong(e -> PageCache.drop(e.path(dir))).sum();
  }

  private ModelSpec spec(Expert e, int slots) {
    return spec(e, slots, e.id());
  }

  private ModelSpec spec(Expert e, int slots, String id) {
    return ModelSpec.llamaCpp(id, e.path(dir))
        .withContextSize(workload.context())
        .withParallelSlots(slots)
        .withThreads(threads)
        .withGpuLayers(workload.gpuLayers());
  }

  private Expert expert(String id) {
    return workload.experts().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  private Footprint footprint(Expert e, int slots) {
    return Footprint.of(
        GgufInspector.inspect(e.path(dir)), workload.context(), slots, workload.gpuLayers());
  }

  /** The expert's file, generated (then moved into place atomically) if it is not there yet. */
  private static Path ensure(Path dir, Expert e) {
    Path path = e.path(dir);
    if (Files.isRegularFile(path)) {
      return path;
    }
    long t0 = System.nanoTime();
    Path partial = dir.resolve(e.id() + ".gguf.partial");
    GgufModels.builder(e.shape()).weightType(e.type()).seed(e.seed()).writeTo(partial);
    try {
      Files.move(
          partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException x) {
      throw new IllegalStateException("cannot move " + partial + " to " + path, x);
    }
    System.out.printf(
        "(generated %s: %.0f MB in %.1f s)%n",
        path.getFileName(), EngineBenchmark.megabytes(path), (System.nanoTime() - t0) / 1e9);
    return path;
  }

  private static String fmt0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String fmt1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String fmt2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
