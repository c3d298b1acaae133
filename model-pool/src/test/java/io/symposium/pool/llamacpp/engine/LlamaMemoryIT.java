package io.symposium.pool.llamacpp.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unloading returns memory: java-llama.cpp leaked the whole model on every close
 * (research/llamacpp-java.md §3.5); this binding must not grow over load/unload cycles.
 */
final class LlamaMemoryIT {
  private static final int CYCLES = 20;

  /**
   * Generous: a leaked model + KV + compute buffers (~15 MB a cycle here) would add ~300 MB. What
   * remains is allocator caching that plateaus — glibc's pthread stack cache (up to 40 MB) for the
   * OpenMP threads of each model's new decode thread, and arena fragmentation malloc_trim cannot
   * return.
   */
  private static final long ALLOWED_GROWTH_KB = 96 * 1024;

  @TempDir Path dir;

  @Test
  void unload_repeatedLoadGenerateUnload_rssStaysNearBaseline() throws IOException {
    // a few MB of weights plus a 4 × 256-token KV cache: a leak of either shows within 20 cycles
    ModelShape shape = ModelShape.dense(128, 2, 4, 512, 1024).withContextLength(256);
    Path file = GgufModels.writeRandom(dir.resolve("small.gguf"), shape, WeightType.F32, 1);
    ModelSettings settings =
        ModelSettings.defaults()
            .withContextSize(256)
            .withParallelSequences(4)
            .withThreads(2)
            .withWeightLoading(WeightLoading.READ_INTO_MEMORY);
    try (LlamaEngine engine = LlamaEngine.open(EngineConfig.bundledIn(dir.resolve("native")))) {
      for (int i = 0; i < 3; i++) { // let glibc arenas and the JIT settle
        cycle(engine, file, settings);
      }
      System.gc();
      long baseline = rssKb();
      long loadedPeak = 0;
      for (int i = 0; i < CYCLES; i++) {
        loadedPeak = Math.max(loadedPeak, cycle(engine, file, settings));
      }
      System.gc();
      long after = rssKb();
      System.out.printf(
          "RSS baseline %d kB, peak while loaded %d kB, after %d cycles %d kB (file %d kB)%n",
          baseline, loadedPeak, CYCLES, after, Files.size(file) / 1024);

      assertThat(after - baseline).isLessThan(ALLOWED_GROWTH_KB);
    }
  }

  private static long cycle(LlamaEngine engine, Path file, ModelSettings settings) {
    try (LoadedModel model = engine.load("cycle", file, settings)) {
      model.generateAll(List.of(GenerationRequest.of("a", 4), GenerationRequest.of("b", 4)));
      return rssKb();
    }
  }

  private static long rssKb() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("VmRSS:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
          .findFirst()
          .orElseThrow();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
