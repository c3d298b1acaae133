package io.symposium.pool.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.gguf.GgufInspector;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.GgufTensorInfo;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import io.symposium.pool.llamacpp.client.WorkerProcess;
import io.symposium.pool.llamacpp.client.WorkerSupervisor;
import io.symposium.pool.llamacpp.engine.EngineConfig;
import io.symposium.pool.llamacpp.engine.GenerationRequest;
import io.symposium.pool.llamacpp.engine.GenerationResult;
import io.symposium.pool.llamacpp.engine.LlamaEngine;
import io.symposium.pool.llamacpp.engine.LoadedModel;
import io.symposium.pool.llamacpp.engine.ModelSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The engine benchmark of issue 3: load time, decode speed against the memory-bandwidth limit, MoE
 * expert counts, batched sequences, the worker-process hop and memory over load/unload cycles, each
 * printed as a markdown table (and copied to {@code results.md} in the bench directory).
 *
 * <p>A program, not a timed test: timings on two shared cores say nothing pass/fail. Run it with
 * {@code ./mvnw -B -o -pl model-pool -Pbench test-compile exec:exec} (model-pool/README.md, "Engine
 * benchmark"); {@code -Dbench.sections=load,decode} runs a subset. Arguments: the bench directory
 * (fixtures are generated there once and reused) and the sections, comma-separated or {@code all}.
 *
 * <p>How it measures follows research/llamacpp-java.md §3: two threads, a warm-up before each timed
 * series, best or median of several runs, and a wait for a quiet machine before each section
 * ({@link QuietMachine}).
 */
final class EngineBenchmark {
  // threads per model: -Dbench.threads (the bench profile passes it), 2 by default
  private static final int THREADS = Integer.getInteger("bench.threads", 2);

  /**
   * Memory runs first, so the RSS it reports is not the heap and direct buffers the bandwidth probe
   * left behind.
   */
  private static final List<String> ALL_SECTIONS =
      List.of("memory", "load", "decode", "moe", "batch", "hop");

  private static final String PROMPT = "Once upon a time";
  private static final ObjectMapper JSON = new ObjectMapper();

  // dense llama shapes as in research/llamacpp-java.md §1; sizes are those of the written files
  static final Fixture MED_Q8 =
      new Fixture("dense-1024x8-q8_0", ModelShape.dense(1024, 8, 16, 2816, 8192), WeightType.Q8_0);
  static final Fixture MED_F16 =
      new Fixture(
          "dense-1024x4-v6144-f16", ModelShape.dense(1024, 4, 16, 2816, 6144), WeightType.F16);
  static final Fixture BIG_Q8 =
      new Fixture("dense-2048x6-q8_0", ModelShape.dense(2048, 6, 16, 5632, 32000), WeightType.Q8_0);
  static final Fixture MID_F16 =
      new Fixture(
          "dense-2048x3-v16000-f16", ModelShape.dense(2048, 3, 16, 5632, 16000), WeightType.F16);
  static final Fixture BIG_F16 =
      new Fixture("dense-2048x6-f16", ModelShape.dense(2048, 6, 16, 5632, 32000), WeightType.F16);
  static final Fixture MOE_Q8 =
      new Fixture(
          "moe-1024x4-8e-q8_0",
          ModelShape.dense(1024, 4, 16, 2816, 8192).withExperts(8, 2),
          WeightType.Q8_0);
  static final Fixture TINY = new Fixture("tiny-dense-f32", ModelShape.tinyDense(), WeightType.F32);

  /** A generated model file: written into the bench directory on first use, reused after. */
  record Fixture(String name, ModelShape shape, WeightType type) {
    Path path(Path dir) {
      return dir.resolve(name + ".gguf");
    }
  }

  /**
   * Held so the setting sticks: JUL keeps loggers weakly. llama.cpp's load warnings (NativeLog)
   * would bury the tables.
   */
  private static final java.util.logging.Logger ENGINE_LOG =
      java.util.logging.Logger.getLogger("llama.cpp");

  private final Path dir;
  private final PrintStream out;
  private final QuietMachine quiet;
  private final LlamaEngine engine;

  private EngineBenchmark(Path dir, PrintStream out, LlamaEngine engine) {
    this.dir = dir;
    this.out = out;
    this.quiet = new QuietMachine(out);
    this.engine = engine;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "model-pool/target/bench").toAbsolutePath();
    Set<String> sections = sections(args.length > 1 ? args[1] : "all");
    Files.createDirectories(dir);
    ENGINE_LOG.setLevel(java.util.logging.Level.SEVERE);
    long start = System.nanoTime();
    try (OutputStream file = Files.newOutputStream(dir.resolve("results.md"));
        PrintStream out = new PrintStream(tee(System.out, file), true, StandardCharsets.UTF_8);
        LlamaEngine engine = LlamaEngine.open(EngineConfig.bundledIn(dir.resolve("native")))) {
      EngineBenchmark bench = new EngineBenchmark(dir, out, engine);
      bench.machine();
      for (String section : sections) {
        switch (section) {
          case "load" -> bench.loadTime();
          case "decode" -> bench.decodeVersusBandwidth();
          case "moe" -> bench.moeExperts();
          case "batch" -> bench.batchedSequences();
          case "hop" -> bench.workerHop();
          case "memory" -> bench.memoryOverCycles();
          default -> throw new IllegalStateException(section);
        }
      }
      out.printf("_Total run time: %.0f s._%n", (System.nanoTime() - start) / 1e9);
    }
    // the worker supervisor's and HTTP client's threads are daemons, but leave no doubt
    System.exit(0);
  }

  private static Set<String> sections(String arg) {
    if (arg.isBlank() || arg.equals("all")) {
      return new LinkedHashSet<>(ALL_SECTIONS);
    }
    Set<String> chosen = new LinkedHashSet<>(Arrays.asList(arg.split(",")));
    chosen.removeIf(String::isBlank);
    for (String s : chosen) {
      if (!ALL_SECTIONS.contains(s)) {
        throw new IllegalArgumentException(
            "unknown section '%s'; choose from %s or all".formatted(s, ALL_SECTIONS));
      }
    }
    return chosen;
  }

  // ---- the sections ----

  private void machine() {
    out.printf(
        "# Engine benchmark, %s%n%n", Instant.now().toString().substring(0, 16).replace('T', ' '));
    out.printf(
        "- %s, %d CPUs visible, %s RAM; Java %s (%s); llama.cpp %s (%s, CPU backend %s); %d"
            + " threads per model%n",
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        memTotal(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        LlamaEngine.release(),
        engine.libraryPath().getFileName(),
        loadedCpuBackend(),
        THREADS);
    out.printf("- fixtures in %s%n%n", dir);
  }

  /** The {@code libggml-cpu-<variant>} that ggml chose for this CPU, from this process's maps. */
  private static String loadedCpuBackend() {
    try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines
          .map(l -> l.substring(l.lastIndexOf(' ') + 1))
          .filter(p -> p.contains("libggml-cpu"))
          .map(p -> p.substring(p.lastIndexOf('/') + 1))
          .findFirst()
          .orElse("linked in");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** 1. Load time per MB with a cold and a warm page cache. */
  private void loadTime() {
    List<Fixture> fixtures = List.of(MED_Q8, MED_F16, BIG_Q8, MID_F16);
    fixtures.forEach(this::ensure);
    section("1. Load time per MB, cold and warm page cache");
    ModelSettings settings = settings(512, 1);
    engine
        .load("warmup", ensure(MED_Q8), settings)
        .close(); // first load pays the library's one-off setup
    MarkdownTable table =
        new MarkdownTable(
            "model",
            "type",
            "MB",
            "cold load ms",
            "cold ms/MB",
            "warm load ms",
            "warm ms/MB",
            "first token ms (cold / warm)",
            "unload ms",
            "cached before cold load");
    int runs = 3;
    for (Fixture f : fixtures) {
      Path path = ensure(f);
      double mb = megabytes(path);
      double[] coldLoad = new double[runs],
          warmLoad = new double[runs],
          coldFirst = new double[runs],
          warmFirst = new double[runs];
      double[] unload = new double[2 * runs];
      long maxCached = 0;
      for (int r = 0; r < runs; r++) {
        maxCached = Math.max(maxCached, PageCache.drop(path));
        double[] cold = timedLoad(f, path, settings);
        double[] warm = timedLoad(f, path, settings);
        coldLoad[r] = cold[0];
        coldFirst[r] = cold[1];
        unload[2 * r] = cold[2];
        warmLoad[r] = warm[0];
        warmFirst[r] = warm[1];
        unload[2 * r + 1] = warm[2];
      }
      table.row(
          f.name(),
          f.type(),
          fmt0(mb),
          fmt0(median(coldLoad)) + range(coldLoad),
          fmt2(median(coldLoad) / mb),
          fmt0(median(warmLoad)) + range(warmLoad),
          fmt2(median(warmLoad) / mb),
          fmt0(median(coldFirst)) + " / " + fmt0(median(warmFirst)),
          fmt0(median(unload)),
          "%.1f MB".formatted(maxCached / 1e6));
    }
    out.print(table.render());
    out.printf(
        "%nMedian of %d (min–max in brackets). Load = `LlamaEngine.load` (GGUF check,"
            + " `llama_model_load_from_file` with mmap, `llama_init_from_model`, context 512, 1"
            + " sequence); first token = a 1-token generation right after. Cold: the file was"
            + " fsync'ed and dropped from the page cache with `posix_fadvise(DONTNEED)` (`dd"
            + " iflag=nocache count=0`), checked with `fincore` (last column: the most still cached"
            + " before any cold load). Warm: loaded again right after the cold load.%n%n",
        runs);
  }

  /** One load, 1-token generation and unload; returns {load ms, first token ms, unload ms}. */
  private double[] timedLoad(Fixture f, Path path, ModelSettings settings) {
    long t0 = System.nanoTime();
    LoadedModel model = engine.load(f.name(), path, settings);
    long t1 = System.nanoTime();
    model.generate(GenerationRequest.of("a", 1));
    long t2 = System.nanoTime();
    model.close();
    long t3 = System.nanoTime();
    return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6};
  }

  /** 2. Dense decode speed against the memory-bandwidth limit. */
  private void decodeVersusBandwidth() {
    List<Fixture> models = List.of(BIG_F16, BIG_Q8, MED_Q8);
    models.forEach(this::ensure);
    section("2. Decode tokens/s against the memory-bandwidth limit");
    // neighbours on the host move the bandwidth a lot, so it is measured before and after the
    // decode runs,
    // and the higher (the harder limit to reach) counts
    long perThread = 512L << 20;
    MemoryBandwidth.Result one = MemoryBandwidth.measure(1, perThread, 5);
    MemoryBandwidth.Result before = MemoryBandwidth.measure(THREADS, perThread, 5);
    MarkdownTable table =
        new MarkdownTable(
            "model",
            "type",
            "file MB",
            "weights read per token MB",
            "tok/s best (median)",
            "effective GB/s",
            "% of limit");
    int tokens = 64;
    List<double[]> measured = new ArrayList<>();
    for (Fixture f : models) {
      Path path = ensure(f);
      try (LoadedModel model = engine.load(f.name(), path, settings(512, 1))) {
        model.generate(GenerationRequest.of(PROMPT, 8));
        measured.add(IntStream.range(0, 5).mapToDouble(i -> decodeRate(model, tokens)).toArray());
      }
    }
    MemoryBandwidth.Result after = MemoryBandwidth.measure(THREADS, perThread, 5);
    double limit = Math.max(before.limit(), after.limit());
    out.print(
        new MarkdownTable(
                "memory read, sequential, 512 MiB per thread",
                "1 thread GB/s",
                THREADS + " threads GB/s, before",
                THREADS + " threads GB/s, after")
            .row(
                "off-heap (direct ByteBuffer)",
                fmt1(one.offHeapGbps()),
                fmt1(before.offHeapGbps()),
                fmt1(after.offHeapGbps()))
            .row(
                "heap long[]",
                fmt1(one.heapGbps()),
                fmt1(before.heapGbps()),
                fmt1(after.heapGbps()))
            .render());
    out.printf(
        "%nBandwidth limit used below: **%.1f GB/s** (%d threads, best of 5 passes, the faster"
            + " kind, the higher of before and after the decode runs).%n%n",
        limit, THREADS);
    for (int i = 0; i < models.size(); i++) {
      Fixture f = models.get(i);
      Path path = ensure(f);
      double perToken = bytesReadPerToken(path, 0) / 1e6;
      double[] rates = measured.get(i);
      double best = max(rates);
      table.row(
          f.name(),
          f.type(),
          fmt0(megabytes(path)),
          fmt0(perToken),
          fmt1(best) + " (" + fmt1(median(rates)) + ")",
          fmt1(best * perToken / 1e3),
          fmt0(100 * best * perToken / 1e3 / limit) + " %");
    }
    out.print(table.render());
    out.printf(
        "%n%d tokens per run after an 8-token warm-up, best of 5 (median in brackets); tok/s counts"
            + " decode only (`GenerationResult.tokensPerSecond`, prompt excluded). Weights read per"
            + " token = every tensor but `token_embd` (a row lookup); effective GB/s = that ×"
            + " tok/s.%n%n",
        tokens);
  }

  /** 3. A MoE model at 1, 2, 4 and 8 active experts. */
  private void moeExperts() {
    Path path = ensure(MOE_Q8);
    section("3. MoE: tokens/s by active experts");
    MarkdownTable table =
        new MarkdownTable(
            "active experts (of 8)",
            "weights read per token MB",
            "tok/s best (median)",
            "effective GB/s",
            "vs 1 expert");
    int tokens = 64;
    double first = 0;
    for (int k : new int[] {1, 2, 4, 8}) {
      try (LoadedModel model =
          engine.load("moe-k" + k, path, settings(512, 1).withExpertUsedCount(k))) {
        model.generate(GenerationRequest.of(PROMPT, 8));
        double[] rates =
            IntStream.range(0, 3).mapToDouble(i -> decodeRate(model, tokens)).toArray();
        double best = max(rates);
        double perToken = bytesReadPerToken(path, k) / 1e6;
        first = first == 0 ? best : first;
        table.row(
            k + (k == MOE_Q8.shape().expertUsedCount() ? " (file default)" : ""),
            fmt0(perToken),
            fmt1(best) + " (" + fmt1(median(rates)) + ")",
            fmt1(best * perToken / 1e3),
            fmt2(best / first) + "×");
      }
    }
    out.print(table.render());
    out.printf(
        "%n%s (%s, %.0f MB): 1024 wide, 4 layers, n_ff 2816, 8 experts, Mixtral layout; the count"
            + " is set at load (`ModelSettings.withExpertUsedCount`). %d tokens per run, best of 3"
            + " after a warm-up.%n%n",
        MOE_Q8.name(), MOE_Q8.type(), megabytes(path), tokens);
  }

  /** 4. Aggregate throughput of 1, 4 and 8 sequences decoded together. */
  private void batchedSequences() {
    List<Fixture> models = List.of(MED_Q8, BIG_F16);
    models.forEach(this::ensure);
    section("4. Batched decoding: 1 vs 4 vs 8 sequences (`generateAll`)");
    MarkdownTable table =
        new MarkdownTable(
            "model",
            "tokens/seq",
            "1 seq tok/s",
            "4 seqs tok/s",
            "4 vs 1",
            "8 seqs tok/s",
            "8 vs 1");
    for (Fixture f : models) {
      int tokens = f == BIG_F16 ? 32 : 64;
      try (LoadedModel model = engine.load(f.name(), ensure(f), settings(256, 8))) {
        model.generateAll(batch(8, 4));
        double one = bestAggregate(model, 1, tokens);
        double four = bestAggregate(model, 4, tokens);
        double eight = bestAggregate(model, 8, tokens);
        table.row(
            f.name() + " (" + f.type() + ")",
            tokens,
            fmt1(one),
            fmt1(four),
            fmt2(four / one) + "×",
            fmt1(eight),
            fmt2(eight / one) + "×");
      }
    }
    out.print(table.render());
    out.printf(
        "%nAggregate = all generated tokens / wall time of `generateAll` (prompts included; they"
            + " are 5–6 tokens). One model loaded with 8 parallel sequences, 256 tokens of context"
            + " each; best of 3. Targets: 4 ≥ 1.8×, 8 ≥ 2.3×.%n%n");
  }

  private double bestAggregate(LoadedModel model, int sequences, int tokens) {
    double best = 0;
    for (int r = 0; r < 3; r++) {
      long t0 = System.nanoTime();
      List<GenerationResult> results = model.generateAll(batch(sequences, tokens));
      long nanos = System.nanoTime() - t0;
      int generated = results.stream().mapToInt(GenerationResult::generatedTokens).sum();
      best = Math.max(best, generated / (nanos / 1e9));
    }
    return best;
  }

  private static List<GenerationRequest> batch(int sequences, int tokens) {
    return IntStream.range(0, sequences)
        .mapToObj(i -> GenerationRequest.of(PROMPT + " " + i, tokens))
        .toList();
  }

  /** 5. Per-request latency in-process versus through a worker process. */
  private void workerHop() {
    Path path = ensure(TINY);
    section("5. Worker hop: 1-token completions in-process vs through a worker process");
    int warmup = 100;
    int requests = 300;
    double[] inProcess = new double[requests];
    try (LoadedModel model = engine.load("tiny", path, settings(256, 1))) {
      GenerationRequest request = GenerationRequest.of(PROMPT, 1);
      for (int i = 0; i < warmup; i++) {
        model.generate(request);
      }
      for (int i = 0; i < requests; i++) {
        long t0 = System.nanoTime();
        model.generate(request);
        inProcess[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    double[] hop = new double[requests];
    double[] health = new double[requests];
    Duration timeout = Duration.ofSeconds(30);
    try (WorkerSupervisor supervisor =
        WorkerSupervisor.start(WorkerSupervisor.Options.defaults())) {
      ObjectNode load =
          JSON.createObjectNode()
              .put("id", "tiny")
              .put("path", path.toString())
              .put("context_size", 256)
              .put("parallel", 1)
              .put("threads", THREADS);
      supervisor.load(load).join();
      ObjectNode completion =
          JSON.createObjectNode()
              .put("model", "tiny")
              .put("prompt", PROMPT)
              .put("max_tokens", 1)
              .put("temperature", 0.0);
      WorkerProcess worker = supervisor.worker();
      for (int i = 0; i < warmup; i++) {
        worker.post("/v1/completions", completion, timeout).join();
      }
      for (int i = 0; i < requests; i++) {
        long t0 = System.nanoTime();
        worker.post("/v1/completions", completion, timeout).join();
        hop[i] = (System.nanoTime() - t0) / 1e6;
      }
      for (int i = 0; i < warmup; i++) {
        worker.get("/health", timeout).join();
      }
      for (int i = 0; i < requests; i++) {
        long t0 = System.nanoTime();
        worker.get("/health", timeout).join();
        health[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    MarkdownTable table =
        new MarkdownTable("path", "requests", "p50 ms", "p90 ms", "p99 ms", "mean ms");
    table.row(
        "`LoadedModel.generate`, in-process",
        requests,
        fmt3(percentile(inProcess, 50)),
        fmt3(percentile(inProcess, 90)),
        fmt3(percentile(inProcess, 99)),
        fmt3(mean(inProcess)));
    table.row(
        "`POST /v1/completions` to a worker",
        requests,
        fmt3(percentile(hop, 50)),
        fmt3(percentile(hop, 90)),
        fmt3(percentile(hop, 99)),
        fmt3(mean(hop)));
    table.row(
        "`GET /health` to the same worker (no model call)",
        requests,
        fmt3(percentile(health, 50)),
        fmt3(percentile(health, 90)),
        fmt3(percentile(health, 99)),
        fmt3(mean(health)));
    table.row(
        "**worker hop overhead** (POST − in-process)",
        "",
        fmt3(percentile(hop, 50) - percentile(inProcess, 50)),
        fmt3(percentile(hop, 90) - percentile(inProcess, 90)),
        fmt3(percentile(hop, 99) - percentile(inProcess, 99)),
        fmt3(mean(hop) - mean(inProcess)));
    out.print(table.render());
    out.printf(
        "%nModel %s (%s); both load it with context 256, 1 sequence, %d threads; prompt \"%s\","
            + " max_tokens 1, greedy. One request at a time, %d warm-up requests each (JIT of both"
            + " JVMs), then %d timed. The worker is a separate JVM reached over HTTP/1.1 on"
            + " 127.0.0.1 (`WorkerProcess.post`: JSON both ways).%n%n",
        TINY.name(), TINY.type(), THREADS, PROMPT, warmup, requests);
  }

  /** 6. RSS over 50 load/unload cycles. */
  private void memoryOverCycles() {
    Path path = ensure(MED_Q8);
    section("6. Memory over 50 load/unload cycles");
    Set<Integer> report = Set.of(1, 10, 25, 50);
    long before = status("VmRSS");
    MarkdownTable table =
        new MarkdownTable(
            "after cycle",
            "VmRSS loaded MB",
            "VmRSS after unload MB",
            "RssAnon after unload MB",
            "RssFile after unload MB");
    ModelSettings settings = settings(512, 1);
    long t0 = System.nanoTime();
    for (int cycle = 1; cycle <= 50; cycle++) {
      long loaded;
      try (LoadedModel model = engine.load("cycle", path, settings)) {
        model.generate(GenerationRequest.of(PROMPT, 4));
        loaded = status("VmRSS");
      }
      if (report.contains(cycle)) {
        table.row(
            cycle,
            fmt0(loaded / 1024.0),
            fmt0(status("VmRSS") / 1024.0),
            fmt0(status("RssAnon") / 1024.0),
            fmt0(status("RssFile") / 1024.0));
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(
        "VmRSS before the first cycle: %.0f MB (engine open, no model loaded yet).%n%n",
        before / 1024.0);
    out.print(table.render());
    out.printf(
        "%nEach cycle: `LlamaEngine.load` %s (%.0f MB, mmap, context 512), a 4-token generation,"
            + " `close()`. From /proc/self/status. 50 cycles took %.1f s.%n%n",
        MED_Q8.name(), megabytes(path), seconds);
  }

  // ---- shared pieces ----

  private void section(String title) {
    out.printf("## %s%n%n", title);
    quiet.awaitQuiet();
  }

  private static ModelSettings settings(int context, int sequences) {
    return ModelSettings.defaults()
        .withContextSize(context)
        .withParallelSequences(sequences)
        .withThreads(THREADS);
  }

  /** Decode tok/s of one generation of {@code tokens} tokens (prompt processing excluded). */
  private static double decodeRate(LoadedModel model, int tokens) {
    GenerationResult r = model.generate(GenerationRequest.of(PROMPT, tokens));
    if (r.generatedTokens() < tokens / 2) {
      throw new IllegalStateException(
          "only %d of %d tokens generated (%s); pick another prompt"
              .formatted(r.generatedTokens(), tokens, r.finishReason()));
    }
    return r.tokensPerSecond();
  }

  /**
   * Bytes of weights one decoded token reads: every tensor but the embedding table (one row of it
   * is looked up); for a MoE model only {@code activeExperts} of the experts' slices.
   */
  static long bytesReadPerToken(Path path, int activeExperts) {
    GgufFile gguf = GgufInspector.inspect(path);
    long experts = gguf.expertCount().orElse(0);
    double bytes = 0;
    for (GgufTensorInfo t : gguf.tensors()) {
      if (t.name().equals("token_embd.weight")) {
        continue;
      }
      bytes +=
          t.name().contains("_exps.")
              ? (double) t.byteSize() * activeExperts / experts
              : t.byteSize();
    }
    return (long) bytes;
  }

  /** The fixture's file, generated (atomically, then fsync'ed) if it is not there yet. */
  private Path ensure(Fixture f) {
    Path path = f.path(dir);
    if (Files.isRegularFile(path)) {
      return path;
    }
    long t0 = System.nanoTime();
    Path partial = dir.resolve(f.name() + ".gguf.partial");
    GgufModels.writeRandom(partial, f.shape(), f.type(), 42);
    try {
      Files.move(
          partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("cannot move " + partial + " to " + path, e);
    }
    System.out.printf(
        "(generated %s: %.0f MB in %.1f s)%n",
        path.getFileName(), megabytes(path), (System.nanoTime() - t0) / 1e9);
    return path;
  }

  static double megabytes(Path path) {
    try {
      return Files.size(path) / 1e6;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long status(String key) {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith(key + ":"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
          .findFirst()
          .orElseThrow();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal:"))
          .map(l -> fmt1(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0) + " GiB")
          .findFirst()
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  static OutputStream tee(OutputStream a, OutputStream b) {
    return new OutputStream() {
      @Override
      public void write(int c) throws IOException {
        a.write(c);
        b.write(c);
      }

      @Override
      public void write(byte[] bytes, int off, int len) throws IOException {
        a.write(bytes, off, len);
        b.write(bytes, off, len);
      }

      @Override
      public void flush() throws IOException {
        a.flush();
        b.flush();
      }
    };
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** Nearest-rank percentile. */
  static double percentile(double[] values, int p) {
    double[] s = values.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.max(0, rank - 1)];
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElseThrow();
  }

  private static String range(double[] values) {
    return " [" + fmt0(Arrays.stream(values).min().orElseThrow()) + "–" + fmt0(max(values)) + "]";
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

  private static String fmt3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
