package io.symposium.pool.bench;

import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The eight random-weight models of the GPU benchmarks (issue 16): dense llama layouts of 2.5–8 GB,
 * f16 and q8_0 in turn, written by the project's {@link GgufModels}. llama-bench, {@link
 * GpuEngineBenchmark} and {@link PoolBenchmark}'s GPU workload all read these same files.
 *
 * <p>{@code main(dir)} writes the missing ones, several at a time (the writer is single-threaded
 * per file): on the 16-core GPU machine the eight take about as long as the largest alone.
 */
final class GpuFixtures {
  private GpuFixtures() {}

  /** One generated model. */
  record Model(String id, ModelShape shape, WeightType type, long seed) {
    Path path(Path dir) {
      return dir.resolve(id + ".gguf");
    }
  }

  private static final int VOCAB = 32000;

  /** Sizes are those of the written files (parameters in brackets). */
  static final List<Model> MODELS =
      List.of(
          new Model(
              "f16-2048x22", ModelShape.dense(2048, 22, 16, 5632, VOCAB), WeightType.F16, 201),
          // 2.5 GB (1.26 B)
          new Model(
              "q8-3072x25", ModelShape.dense(3072, 25, 24, 8192, VOCAB), WeightType.Q8_0, 202),
          // 3.2 GB (3.03 B)
          new Model(
              "f16-2560x23", ModelShape.dense(2560, 23, 20, 6912, VOCAB), WeightType.F16, 203),
          // 4.0 GB (1.99 B)
          new Model(
              "q8-3072x36", ModelShape.dense(3072, 36, 24, 8192, VOCAB), WeightType.Q8_0, 204),
          // 4.5 GB (4.27 B)
          new Model(
              "f16-3072x22", ModelShape.dense(3072, 22, 24, 8192, VOCAB), WeightType.F16, 205),
          // 5.4 GB (2.69 B)
          new Model(
              "q8-4096x27", ModelShape.dense(4096, 27, 32, 11008, VOCAB), WeightType.Q8_0, 206),
          // 6.1 GB (5.73 B)
          new Model(
              "f16-4096x16", ModelShape.dense(4096, 16, 32, 11008, VOCAB), WeightType.F16, 207),
          // 7.0 GB (3.50 B)
          new Model(
              "q8-4096x36", ModelShape.dense(4096, 36, 32, 11008, VOCAB), WeightType.Q8_0, 208));

  // 8.0 GB (7.55 B)

  /**
   * The models the GPU benchmarks use: {@link #MODELS}, or with {@code -Dbench.gpu.rehearsal=true}
   * the same ids in the tiny shape, so the scripts can be rehearsed on a CPU
   * (model-pool/bench/gpu).
   */
  static List<Model> models() {
    if (!Boolean.getBoolean("bench.gpu.rehearsal")) {
      return MODELS;
    }
    return MODELS.stream()
        .map(m -> new Model(m.id(), ModelShape.tinyDense(), m.type(), m.seed()))
        .toList();
  }

  /**
   * Layers offloaded: every one (999), or {@code -Dbench.gpu.layers} (0 for a rehearsal on a CPU
   * build, which refuses GPU layers).
   */
  static int gpuLayers() {
    return Integer.getInteger("bench.gpu.layers", 999);
  }

  /** Writes every missing model into {@code args[0]} (default model-pool/target/bench/gpu). */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "model-pool/target/bench/gpu").toAbsolutePath();
    int parallel = args.length > 1 ? Integer.parseInt(args[1]) : MODELS.size();
    ensureAll(dir, models(), parallel);
  }

  static void ensureAll(Path dir, List<Model> models, int parallel) throws Exception {
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
    try {
      List<Future<Path>> written =
          models.stream().map(m -> pool.submit(() -> ensure(dir, m))).toList();
      for (Future<Path> f : written) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    System.out.printf("(fixtures ready in %.1f s)%n", (System.nanoTime() - t0) / 1e9);
  }

  /** The model's file, generated (then moved into place atomically) if it is not there yet. */
  static Path ensure(Path dir, Model m) {
    Path path = m.path(dir);
    if (Files.isRegularFile(path)) {
      return path;
    }
    long t0 = System.nanoTime();
    Path partial = dir.resolve(m.id() + ".gguf.partial");
    GgufModels.builder(m.shape()).weightType(m.type()).seed(m.seed()).writeTo(partial);
    try {
      Files.move(
          partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException x) {
      throw new UncheckedIOException("cannot move " + partial + " to " + path, x);
    }
    System.out.printf(
        "(generated %s: %.0f MB in %.1f s)%n",
        path.getFileName(), EngineBenchmark.megabytes(path), (System.nanoTime() - t0) / 1e9);
    return path;
  }
}
