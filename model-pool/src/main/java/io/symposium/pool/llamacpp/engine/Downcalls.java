package io.symposium.pool.llamacpp.engine;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import reactor.core.scheduler.Schedulers;

/**
 * Finds the functions of one opened library as downcall handles, and the rules every wrapper around
 * them follows: never on a non-blocking thread, and a failure of the call itself surfaces as an
 * unchecked exception.
 */
final class Downcalls {
  private static final Linker LINKER = Linker.nativeLinker();

  private final Path path;
  private final SymbolLookup lookup;

  Downcalls(Path path, SymbolLookup lookup) {
    this.path = path;
    this.lookup = lookup;
  }

  /** The handle of {@code name}; a library that lacks it is not a v0.5.0 build and is refused. */
  MethodHandle handle(String name, FunctionDescriptor descriptor) {
    return lookup
        .find(name)
        .map(symbol -> LINKER.downcallHandle(symbol, descriptor))
        .orElseThrow(
            () ->
                new NativeLibraryException(
                    ("the library %s does not export %s: it is not a llama.cpp build with the %s"
                            + " llama.h API; point symposium.pool.llama-library at a matching build"
                            + " or remove the setting to use the bundled one")
                        .formatted(path, name, NativeBundle.RELEASE)));
  }

  /** A function of the C library the JVM already links ({@code malloc_trim}), if it has one. */
  static java.util.Optional<MethodHandle> system(String name, FunctionDescriptor descriptor) {
    return LINKER.defaultLookup().find(name).map(s -> LINKER.downcallHandle(s, descriptor));
  }

  /**
   * STYLE.md rule 14: llama.cpp blocks for milliseconds to seconds, so it must never run on a Netty
   * event loop (or any other thread Reactor marks non-blocking).
   */
  static void guardThread() {
    if (Schedulers.isInNonBlockingThread()) {
      throw new IllegalStateException("llama.cpp called on a non-blocking thread");
    }
  }

  static RuntimeException rethrow(String function, Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call " + function + " failed", t);
  }
}
