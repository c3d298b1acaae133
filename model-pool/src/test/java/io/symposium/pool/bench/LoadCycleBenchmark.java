package io.symposium.pool.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import io.symposium.pool.llamacpp.client.WorkerProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The open item of the engine issue: a worker process's RSS over many load/unload cycles of one
 * llama.cpp model (section 6 of {@link EngineBenchmark} ran 50 in-process and saw ~3 MB a cycle).
 * This one runs the cycles in a real worker process, as the pool does, and reads the worker's
 * {@code /proc/PID/status}, so the benchmark JVM's own heap is not in the figures.
 *
 * <pre>
 * LoadCycleBenchmark DIR [CYCLES=500] [EVERY=50] [CONTEXT=512] [MODEL=written]
 * </pre>
 *
 * MODEL {@code written} writes the dense-1024x8-q8_0 fixture of EngineBenchmark (127 MB) into DIR
 * once; any other value is a GGUF path (a zoo model, say).
 */
public final class LoadCycleBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL = Duration.ofMinutes(2);

  private LoadCycleBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
    int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int every = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int context = args.length > 3 ? Integer.parseInt(args[3]) : 512;
    String model = args.length > 4 ? args[4] : "written";
    Path file = model.equals("written") ? fixture(dir) : Path.of(model).toAbsolutePath();
    PrintStream out = System.out;

    List<String> command = new ArrayList<>(WorkerProcess.defaultCommand(List.of()));
    // -Dbench.worker-jvm="-Xmx2g …" adds JVM flags after the pool's own (the last -Xmx wins)
    String extra = System.getProperty("bench.worker-jvm", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(1, List.of(extra.split("\\s+")));
    }
    out.println(
        "worker command: "
            + String.join(" ", command.stream().filter(a -> !a.contains(":")).toList()));
    try (WorkerProcess worker = WorkerProcess.start(command, Duration.ofMinutes(1))) {
      Path status = Path.of("/proc", Long.toString(worker.pid()), "status");
      long start = kb(status, "VmRSS");
      out.printf(
          "## RSS of one worker over %d load/unload cycles%n%nModel %s (%.0f MB), context %d,"
              + " 1 sequence, 1 thread; each cycle: POST /models/load, a 4-token completion, POST"
              + " /models/unload. Worker PID %d, VmRSS before the first load: %.0f MB.%n%n",
          cycles,
          file.getFileName(),
          Files.size(file) / 1e6,
          context,
          worker.pid(),
          start / 1024.0);
      MarkdownTable table =
          new MarkdownTable(
              "after cycle",
              "VmRSS loaded MB",
              "VmRSS unloaded MB",
              "RssAnon unloaded MB",
              "RssFile unloaded MB",
              "Java heap committed MB",
              "MB/cycle since last row");
      List<Long> unloadedRows = new ArrayList<>();
      long t0 = System.nanoTime();
      int lastRow = 0;
      for (int cycle = 1; cycle <= cycles; cycle++) {
        ObjectNode load = JSON.createObjectNode();
        load.put("id", "cycle");
        load.put("path", file.toString());
        load.put("context_size", context);
        load.put("parallel", 1);
        load.put("threads", 1);
        worker.post("/models/load", load, CALL).join();
        ObjectNode completion = JSON.createObjectNode();
        completion.put("model", "cycle");
        completion.put("prompt", "The quick brown fox");
        completion.put("max_tokens", 4);
        JsonNode answer = worker.post("/v1/completions", completion, CALL).join();
        if (!answer.has("choices")) {
          throw new IllegalStateException("no completion in cycle " + cycle + ": " + answer);
        }
        long loaded = kb(status, "VmRSS");
        ObjectNode unload = JSON.createObjectNode();
        unload.put("id", "cycle");
        worker.post("/models/unload", unload, CALL).join();
        if (cycle == 1 || cycle % every == 0 || cycle == cycles) {
          long unloaded = kb(status, "VmRSS");
          String perCycle =
              unloadedRows.isEmpty()
                  ? "—"
                  : "%+.2f"
                      .formatted((unloaded - unloadedRows.getLast()) / 1024.0 / (cycle - lastRow));
          table.row(
              cycle,
              fmt(loaded),
              fmt(unloaded),
              fmt(kb(status, "RssAnon")),
              fmt(kb(status, "RssFile")),
              heapCommitted(worker.pid()),
              perCycle);
          unloadedRows.add(unloaded);
          lastRow = cycle;
          out.printf("cycle %d: VmRSS unloaded %s MB%n", cycle, fmt(unloaded));
        }
      }
      out.printf("%n%s%n", table.render());
      out.printf(
          "%d cycles in %.0f s; VmRSS unloaded %s MB after cycle 1, %s MB after cycle %d.%n",
          cycles,
          (System.nanoTime() - t0) / 1e9,
          fmt(unloadedRows.getFirst()),
          fmt(unloadedRows.getLast()),
          cycles);
    }
  }

  private static Path fixture(Path dir) throws IOException {
    Path file = dir.resolve("dense-1024x8-q8_0.gguf");
    if (!Files.exists(file)) {
      Files.createDirectories(dir);
      GgufModels.writeRandom(file, ModelShape.dense(1024, 8, 16, 2816, 8192), WeightType.Q8_0, 42);
    }
    return file.toAbsolutePath();
  }

  /**
   * The worker JVM's committed Java heap, from {@code jcmd PID GC.heap_info}: the part of RssAnon
   * that is the JVM's and not llama.cpp's.
   */
  static String heapCommitted(long pid) {
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid),
                  "GC.heap_info")
              .redirectErrorStream(true)
              .start();
      String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor();
      Matcher m = Pattern.compile("committed (\\d+)K").matcher(text);
      return m.find() ? "%.0f".formatted(Long.parseLong(m.group(1)) / 1024.0) : "?";
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  /** A {@code kB} field of a {@code /proc/PID/status} file. */
  static long kb(Path status, String field) {
    try {
      return Files.readAllLines(status).stream()
          .filter(l -> l.startsWith(field + ":"))
          .map(l -> l.substring(field.length() + 1).strip().split("\\s+")[0])
          .mapToLong(Long::parseLong)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + field + " in " + status));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String fmt(long kb) {
    return "%.0f".formatted(kb / 1024.0);
  }
}
