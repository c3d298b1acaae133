package io.symposium.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.gguf.GgufInspector;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.GgufTensorInfo;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a model's memory lives by {@code gpu-layers}, on a GGUF file written by the project's
 * writer (2 blocks, so layers 0, 1 and the head, layer 2).
 */
final class FootprintTest {

  static GgufFile gguf;
  static final int CONTEXT = 128;
  static final int SEQUENCES = 2;

  @BeforeAll
  static void write(@TempDir Path dir) {
    Path file =
        GgufModels.writeRandom(dir.resolve("tiny.gguf"), ModelShape.tinyDense(), WeightType.F16, 1);
    gguf = GgufInspector.inspect(file);
  }

  static long bytes(String prefix) {
    return gguf.tensors().stream()
        .filter(t -> t.name().startsWith(prefix))
        .mapToLong(GgufTensorInfo::byteSize)
        .sum();
  }

  @Test
  void noGpuLayers_everythingOnTheHost() {
    Footprint f = Footprint.of(gguf, CONTEXT, SEQUENCES, 0);
    assertThat(f.gpuBytes()).isZero();
    assertThat(f.tensorBytes()).isEqualTo(gguf.tensorBytes());
    assertThat(f).isEqualTo(Footprint.of(gguf, CONTEXT, SEQUENCES));
  }

  @Test
  void oneGpuLayer_onlyTheHeadOffloaded() {
    Footprint f = Footprint.of(gguf, CONTEXT, SEQUENCES, 1);
    assertThat(f.gpuTensorBytes()).isEqualTo(bytes("output"));
    assertThat(f.gpuKvCacheBytes()).isZero();
    assertThat(f.gpuComputeBytes()).isPositive();
  }

  @Test
  void twoGpuLayers_headAndLastBlock() {
    Footprint all = Footprint.of(gguf, CONTEXT, SEQUENCES, 0);
    Footprint f = Footprint.of(gguf, CONTEXT, SEQUENCES, 2);
    assertThat(f.gpuTensorBytes()).isEqualTo(bytes("output") + bytes("blk.1."));
    assertThat(f.tensorBytes()).isEqualTo(bytes("token_embd") + bytes("blk.0."));
    assertThat(f.gpuKvCacheBytes()).isEqualTo(all.kvCacheBytes() / 2);
    assertThat(f.kvCacheBytes()).isEqualTo(all.kvCacheBytes() / 2);
  }

  @Test
  void allLayers_onlyTokenEmbeddingsAndLogitsStayOnTheHost() {
    Footprint all = Footprint.of(gguf, CONTEXT, SEQUENCES, 0);
    Footprint f = Footprint.of(gguf, CONTEXT, SEQUENCES, 99);
    assertThat(f).isEqualTo(Footprint.of(gguf, CONTEXT, SEQUENCES, 3));
    assertThat(f.tensorBytes()).isEqualTo(bytes("token_embd"));
    assertThat(f.kvCacheBytes()).isZero();
    assertThat(f.gpuKvCacheBytes()).isEqualTo(all.kvCacheBytes());
    assertThat(f.computeBytes())
        .as("the logits of one batch")
        .isEqualTo(gguf.vocabSize().orElseThrow() * SEQUENCES * 4);
  }

  @Test
  void anySplit_sameTotalAsOnTheCpu() {
    long cpu = Footprint.of(gguf, CONTEXT, SEQUENCES, 0).total();
    for (int layers = 0; layers <= 4; layers++) {
      Footprint f = Footprint.of(gguf, CONTEXT, SEQUENCES, layers);
      assertThat(f.total()).as("%d GPU layers", layers).isEqualTo(cpu);
      assertThat(f.hostBytes() + f.gpuBytes()).isEqualTo(f.total());
    }
  }

  @Test
  void negativeGpuLayers_rejected() {
    assertThatThrownBy(() -> Footprint.of(gguf, CONTEXT, SEQUENCES, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GPU layers");
  }

  @Test
  void describesBothMemories() {
    assertThat(Footprint.of(gguf, CONTEXT, SEQUENCES, 3).toString())
        .contains("in host memory")
        .contains("on the GPU");
    assertThat(Footprint.of(gguf, CONTEXT, SEQUENCES, 0).toString()).doesNotContain("GPU");
  }
}
