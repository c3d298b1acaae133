package io.symposium.pool.llamacpp.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled v0.5.0 build as the class path holds it, and its extraction (no native call). */
class NativeBundleTest {
  @TempDir Path dir;

  @Test
  void listing_namesLlamaGgmlAndTheCpuVariants_eachOnTheClassPathWithItsSize() throws IOException {
    List<NativeBundle.Entry> entries = NativeBundle.listing("linux-x86_64");

    assertThat(entries)
        .extracting(NativeBundle.Entry::name)
        .contains("libllama.v0.5.0.so", "libggml.v0.5.0.so", "libggml-base.so")
        .contains("libggml-cpu-x64.so", "libggml-cpu-haswell.so", "libggml-cpu-zen4.so")
        .hasSize(17);
    for (NativeBundle.Entry e : entries) {
      String resource = "io/symposium/pool/llamacpp/engine/native/linux-x86_64/" + e.name();
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
        assertThat(in).as(resource).isNotNull();
        assertThat(in.readAllBytes()).as(resource).hasSize((int) e.size());
      }
      assertThat(e.sha256()).matches("[0-9a-f]{64}");
    }
  }

  @Test
  void resolve_extractsAllFilesIntoOneDirectoryNamedByTheRelease_andReusesThem()
      throws IOException {
    Path library = NativeBundle.resolve(EngineConfig.bundledIn(dir));

    assertThat(library.getFileName()).hasToString("libllama.v0.5.0.so");
    assertThat(library.getParent().getFileName().toString()).startsWith("v0.5.0-");
    try (var files = Files.list(library.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .hasSize(17)
          .noneMatch(name -> name.endsWith(".partial"));
    }
    long written = Files.getLastModifiedTime(library).toMillis();

    Path again = NativeBundle.resolve(EngineConfig.bundledIn(dir));

    assertThat(again).isEqualTo(library);
    assertThat(Files.getLastModifiedTime(again).toMillis()).isEqualTo(written);
  }
}
