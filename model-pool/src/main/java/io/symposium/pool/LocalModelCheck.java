package io.symposium.pool;

import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.gguf.GgufFormatException;
import io.symposium.pool.gguf.GgufInspector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The checks a local model passes at registration, before anything is loaded: its file lies under a
 * configured model directory and is a valid GGUF, and its footprint fits each memory budget on its
 * own (host memory, and GPU memory for its offloaded layers).
 */
final class LocalModelCheck {

  /** A checked model: its GGUF header and what it takes of each memory. */
  record Checked(GgufFile gguf, Footprint footprint) {}

  private final ModelPool.Config config;

  LocalModelCheck(ModelPool.Config config) {
    this.config = config;
  }

  /**
   * @throws ModelRejectedException when the file or the footprint fails a check
   */
  Checked check(ModelSpec spec) {
    Path file = checkedFile(spec);
    GgufFile gguf;
    try {
      gguf = GgufInspector.inspect(file);
    } catch (GgufFormatException | UncheckedIOException e) {
      throw new ModelRejectedException("model '" + spec.id() + "': " + e.getMessage(), e);
    }
    Footprint footprint =
        Footprint.of(gguf, spec.contextSize(), spec.parallelSlots(), spec.gpuLayers());
    if (footprint.hostBytes() > config.memoryBudgetBytes()) {
      throw new ModelRejectedException(
          "model '%s' needs %s but the whole memory budget is %.1f MiB; raise symposium.pool.memory-budget, offload more layers or lower its context/slots"
              .formatted(spec.id(), footprint, config.memoryBudgetBytes() / 1048576.0));
    }
    if (footprint.gpuBytes() > config.gpuMemoryBudgetBytes()) {
      throw new ModelRejectedException(
          "model '%s' needs %s but the whole GPU memory budget is %.1f MiB; raise symposium.pool.gpu-memory-budget, offload fewer layers or lower its context/slots"
              .formatted(spec.id(), footprint, config.gpuMemoryBudgetBytes() / 1048576.0));
    }
    return new Checked(gguf, footprint);
  }

  private Path checkedFile(ModelSpec spec) {
    Path real;
    try {
      real = spec.requireFile().toRealPath();
    } catch (IOException e) {
      throw new ModelRejectedException(
          "model '" + spec.id() + "': file " + spec.file() + " does not exist or cannot be read");
    }
    for (Path dir : config.modelDirectories()) {
      try {
        if (real.startsWith(dir.toRealPath())) {
          return real;
        }
      } catch (IOException e) {
        // a configured directory that does not exist holds no models
      }
    }
    throw new ModelRejectedException(
        "model '%s': %s is outside the model directories %s; models are only loaded from configured directories"
            .formatted(spec.id(), spec.file(), config.modelDirectories()));
  }
}
