package io.symposium.pool.llamacpp.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the engine gets its native library: the CPU build of llama.cpp v0.5.0 that model-pool's
 * build bundles on the class path, extracted into a private directory, or a user's own build of the
 * same {@code llama.h} API (CUDA, Metal, Vulkan …) given as its {@code libllama} file, with its
 * ggml libraries beside it.
 *
 * @param library a {@code libllama} shared library to open instead of the bundled one, or null for
 *     the bundled one
 * @param extractionDirectory where the bundled libraries are extracted (a subdirectory per release
 *     and content hash), or null for the user's cache ({@code ~/.cache/symposium/llama.cpp})
 */
public record EngineConfig(@Nullable Path library, @Nullable Path extractionDirectory) {

  public EngineConfig {
    if (library != null && !Files.isRegularFile(library)) {
      throw new RejectedInputException(
          "llama.cpp library %s is not a file; set symposium.pool.llama-library to the libllama shared library of a llama.cpp v0.5.0 build, or leave it unset for the bundled CPU build"
              .formatted(library));
    }
  }

  /** The bundled CPU library, extracted to the user's cache. */
  public static EngineConfig bundled() {
    return new EngineConfig(null, null);
  }

  /** The bundled CPU library, extracted to {@code directory} (created with mode 700 if missing). */
  public static EngineConfig bundledIn(Path directory) {
    return new EngineConfig(null, directory);
  }

  /** A user's own build of llama.cpp with the v0.5.0 {@code llama.h} API. */
  public static EngineConfig library(Path sharedLibrary) {
    return new EngineConfig(sharedLibrary, null);
  }
}
