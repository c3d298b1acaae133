package io.symposium.pool.llamacpp.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Extracts the llama.cpp library that {@code de.kherud:llama} ships from the class path into a
 * private directory, without java-llama.cpp's loader: that loader deletes every {@code llama*}
 * entry of the shared temp directory and races other JVMs on one fixed file name
 * (research/llamacpp-java.md §5). Here the file name carries the content hash and is moved into
 * place atomically, so concurrent JVMs cannot see a half-written library.
 */
final class BundledLibrary {
  private static @Nullable Path privateDirectory;

  private BundledLibrary() {}

  /** The library file to open for {@code config}, extracting the bundled one if needed. */
  static Path resolve(EngineConfig config) {
    Path library = config.library();
    if (library != null) {
      return library;
    }
    String resource = resourceName();
    checkCpu();
    byte[] bytes;
    try (InputStream in = BundledLibrary.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new NativeLibraryException(
            ("the bundled llama.cpp library %s is not on the class path; add de.kherud:llama:4.2.0"
                    + " (it is used only for this file) or set symposium.llama.library to your own"
                    + " build")
                .formatted(resource));
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new NativeLibraryException("cannot read the bundled llama.cpp library " + resource, e);
    }
    Path directory =
        config.extractionDirectory() != null ? config.extractionDirectory() : privateDirectory();
    String fileName = resource.substring(resource.lastIndexOf('/') + 1);
    int dot = fileName.lastIndexOf('.');
    Path target =
        directory.resolve(
            fileName.substring(0, dot)
                + "-"
                + sha256(bytes).substring(0, 16)
                + fileName.substring(dot));
    try {
      Files.createDirectories(directory);
      if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
        return target;
      }
      Path partial = Files.createTempFile(directory, fileName, ".partial");
      Files.write(partial, bytes);
      try {
        Files.move(
            partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new NativeLibraryException(
          "cannot extract the llama.cpp library to %s (%s); set an extraction directory that this user can write"
              .formatted(directory, e.getMessage()),
          e);
    }
  }

  private static synchronized Path privateDirectory() {
    if (privateDirectory == null) {
      try {
        Path dir =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempDirectory(
                    "symposium-llama-",
                    PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory("symposium-llama-");
        dir.toFile().deleteOnExit();
        privateDirectory = dir;
      } catch (IOException e) {
        throw new NativeLibraryException(
            "cannot create a private directory for the llama.cpp library", e);
      }
    }
    return privateDirectory;
  }

  /** The jar's resource layout: {@code de/kherud/llama/<OS>/<arch>/<file>}. */
  static String resourceName() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String archDir =
        switch (arch) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch64";
          default -> throw unsupported(os, arch);
        };
    if (os.contains("linux")) {
      return "de/kherud/llama/Linux/" + archDir + "/libjllama.so";
    }
    if (os.contains("mac") || os.contains("darwin")) {
      return "de/kherud/llama/Mac/" + archDir + "/libjllama.dylib";
    }
    if (os.contains("windows")) {
      return "de/kherud/llama/Windows/" + archDir + "/jllama.dll";
    }
    throw unsupported(os, arch);
  }

  private static NativeLibraryException unsupported(String os, String arch) {
    return new NativeLibraryException(
        "no bundled llama.cpp library for %s/%s; build llama.cpp b4916 as a shared library and set symposium.llama.library to it"
            .formatted(os, arch));
  }

  /**
   * The bundled x86-64 build uses AVX2 without runtime dispatch: on other CPUs it dies with SIGILL.
   */
  private static void checkCpu() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    String arch = System.getProperty("os.arch", "");
    if (!(arch.equals("amd64") || arch.equals("x86_64")) || !Files.isReadable(cpuinfo)) {
      return;
    }
    try (var lines = Files.lines(cpuinfo)) {
      boolean avx2 =
          lines
              .filter(l -> l.startsWith("flags"))
              .findFirst()
              .map(l -> l.contains(" avx2"))
              .orElse(true);
      if (!avx2) {
        throw new NativeLibraryException(
            "this CPU has no AVX2, which the bundled llama.cpp library needs (it would crash with"
                + " SIGILL); build llama.cpp b4916 for this CPU and set symposium.llama.library to"
                + " it");
      }
    } catch (IOException e) {
      // no evidence either way: let the library try
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
