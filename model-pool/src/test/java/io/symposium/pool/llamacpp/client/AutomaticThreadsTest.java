package io.symposium.pool.llamacpp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutomaticThreadsTest {
  @TempDir Path dir;

  @Test
  void smallModel_oneThread_largerModel_everyCore() throws IOException {
    Path small = Files.write(dir.resolve("small.gguf"), new byte[4096]);
    Path large = dir.resolve("large.gguf");
    try (RandomAccessFile f = new RandomAccessFile(large.toFile(), "rw")) {
      f.setLength(LlamaCppBackend.SMALL_MODEL_BYTES); // sparse: no disk used
    }

    assertThat(LlamaCppBackend.automaticThreads(small)).isEqualTo(1);
    assertThat(LlamaCppBackend.automaticThreads(large))
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }
}
