package io.symposium.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
  private static final Path FILE = Path.of("model.gguf");

  @Test
  void gpuLayers_defaultsToZeroAndIsKeptByTheOtherWithers() {
    ModelSpec spec = ModelSpec.llamaCpp("m", FILE);
    assertThat(spec.gpuLayers()).isZero();

    ModelSpec onGpu = spec.withGpuLayers(999).withContextSize(512).withPinned(true);

    assertThat(onGpu.gpuLayers()).isEqualTo(999);
    assertThat(onGpu.contextSize()).isEqualTo(512);
  }

  @Test
  void gpuLayers_outOfRange_rejectedNamingTheModel() {
    ModelSpec spec = ModelSpec.llamaCpp("m", FILE);

    assertThatThrownBy(() -> spec.withGpuLayers(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model 'm'")
        .hasMessageContaining("GPU layers must be 0");
    assertThatThrownBy(() -> spec.withGpuLayers(ModelSpec.MAX_GPU_LAYERS + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gpuLayers_onARemoteModel_rejected() {
    ModelSpec remote =
        ModelSpec.remote("r", BackendKind.OLLAMA, URI.create("http://localhost:11434"), "x");

    assertThatThrownBy(() -> remote.withGpuLayers(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("llama.cpp models only");
  }
}
