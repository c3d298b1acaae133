package io.symposium.pool.llamacpp.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the engine gets its native library: the CPU build of llama.cpp b4916 bundled in the {@code
 * de.kherud:llama} jar, extracted into a private directory, or a user's own build of the same
 * {@code llama.h} API (CUDA, Metal, Vulkan …) given as a file.
 *
 * @param library a llama.cpp shared library to open instead of the bundled one, or null for the
 *     bundled one
 * @param extractionDirectory where the bundled library is extracted, or null for a fresh private
 *     temporary directory (mode 700) per JVM
 */
public record EngineConfig(@Nullable Path library, @Nullable Path extractionDirectory) {

  public EngineConfig {
    if (library != null && !Files.isRegularFile(library)) {
      throw new RejectedInputException(
          "llama.cpp library %s is not a file; set symposium.llama.library to a libllama/libjllama shared library built from llama.cpp b4916, or leave it unset for the bundled CPU build"
              .formatted(library));
    }
  }

  /** The bundled CPU library, extracted to a private temporary directory. */
  public static EngineConfig bundled() {
    return new EngineConfig(null, null);
  }

  /** The bundled CPU library, extracted to {@code directory} (created with mode 700 if missing). */
  public static EngineConfig bundledIn(Path directory) {
    return new EngineConfig(null, directory);
  }

  /** A user's own build of llama.cpp with the b4916 {@code llama.h} API. */
  public static EngineConfig library(Path sharedLibrary) {
    return new EngineConfig(sharedLibrary, null);
  }
}
