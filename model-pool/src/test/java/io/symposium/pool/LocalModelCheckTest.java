package io.symposium.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration's budget checks by where a model's layers live, on a real GGUF file. */
final class LocalModelCheckTest {

  static Path dir;
  static Path file;

  @BeforeAll
  static void write(@TempDir Path tmp) {
    dir = tmp;
    file =
        GgufModels.writeRandom(tmp.resolve("tiny.gguf"), ModelShape.tinyDense(), WeightType.F16, 3);
  }

  static ModelPool.Config config(long host, long gpu) {
    return new ModelPool.Config(
            host,
            Duration.ofSeconds(30),
            16,
            Duration.ofMinutes(1),
            0,
            Duration.ofMillis(10),
            List.of(dir),
            LoadAhead.LOAD)
        .withGpuMemoryBudget(gpu);
  }

  static ModelSpec spec(int gpuLayers) {
    return ModelSpec.llamaCpp("tiny", file).withContextSize(128).withGpuLayers(gpuLayers);
  }

  @Test
  void cpuModel_noGpuBudget_accepted() {
    var checked = new LocalModelCheck(config(1L << 30, 0)).check(spec(0));
    assertThat(checked.footprint().gpuBytes()).isZero();
    assertThat(checked.gguf().blockCount()).hasValue(2);
  }

  @Test
  void offloadedModel_noGpuBudget_refusedNamingTheGpuBudget() {
    assertThatThrownBy(() -> new LocalModelCheck(config(1L << 30, 0)).check(spec(999)))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("tiny")
        .hasMessageContaining("symposium.pool.gpu-memory-budget");
  }

  @Test
  void offloadedModel_hostBudgetBelowItsCpuFootprint_acceptedWhenTheGpuHoldsIt() {
    long cpuTotal = new LocalModelCheck(config(1L << 30, 0)).check(spec(0)).footprint().total();
    ModelPool.Config tightHost = config(cpuTotal / 2, 1L << 30);
    assertThatThrownBy(() -> new LocalModelCheck(tightHost).check(spec(0)))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("symposium.pool.memory-budget");
    var offloaded = new LocalModelCheck(tightHost).check(spec(999));
    assertThat(offloaded.footprint().hostBytes()).isLessThanOrEqualTo(cpuTotal / 2);
    assertThat(offloaded.footprint().gpuBytes()).isPositive();
  }

  @Test
  void fileOutsideTheModelDirectories_refused(@TempDir Path elsewhere) {
    Path outside =
        GgufModels.writeRandom(
            elsewhere.resolve("other.gguf"), ModelShape.tinyDense(), WeightType.F16, 4);
    ModelSpec spec = ModelSpec.llamaCpp("other", outside);
    assertThatThrownBy(() -> new LocalModelCheck(config(1L << 30, 0)).check(spec))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("outside the model directories");
  }
}
