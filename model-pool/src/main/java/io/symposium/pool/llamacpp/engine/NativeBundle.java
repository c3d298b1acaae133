package io.symposium.pool.llamacpp.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The CPU build of llama.cpp v0.5.0 that model-pool's build puts on the class path (from {@code
 * @node-llama-cpp/linux-x64}, see the module README): {@code libllama}, {@code libggml}, {@code
 * libggml-base} and one {@code libggml-cpu-<variant>} per CPU generation, of which ggml loads the
 * best one at run time. They must sit in one directory (the libraries find each other through
 * their {@code $ORIGIN} run path), so they are extracted together into a directory named after
 * the release and the hash of their listing, each file written under a temporary name, checked
 * against its SHA-256 and moved into place atomically: JVMs that extract at the same time never
 * see a half-written library.
 */
final class NativeBundle {
  static final String RELEASE = "v0.5.0";
  static final String MAIN_LIBRARY = "libllama." + RELEASE + ".so";
  private static final String RESOURCES = "io/symposium/pool/llamacpp/engine/native/";

  private NativeBundle() {}

  /** One listed file: name, size and SHA-256. */
  record Entry(String name, long size, String sha256) {}

  /** The library file to open for {@code config}, extracting the bundled build if needed. */
  static Path resolve(EngineConfig config) {
    Path library = config.library();
    if (library != null) {
      return library;
    }
    String platform = platform();
    List<Entry> entries = listing(platform);
    Path base =
        config.extractionDirectory() != null ? config.extractionDirectory() : defaultDirectory();
    Path directory = base.resolve(RELEASE + "-" + listingHash(entries));
    try {
      createPrivateDirectories(directory);
      for (Entry e : entries) {
        extract(platform, e, directory);
      }
    } catch (IOException e) {
      throw new NativeLibraryException(
          "cannot extract the llama.cpp library to %s (%s); set an extraction directory that this user can write"
              .formatted(directory, e.getMessage()),
          e);
    }
    return directory.resolve(MAIN_LIBRARY);
  }

  /** The class-path folder for this OS and CPU; only x86-64 Linux has a bundled build. */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
      return "linux-x86_64";
    }
    throw new NativeLibraryException(
        ("no bundled llama.cpp library for %s/%s; build llama.cpp %s as shared libraries (cmake"
                + " -DBUILD_SHARED_LIBS=ON) and set symposium.pool.llama-library to its libllama")
            .formatted(os, arch, RELEASE));
  }

  static List<Entry> listing(String platform) {
    String resource = RESOURCES + platform + "/files.txt";
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = open(resource)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        String[] f = l.split("\\s+");
        if (f.length != 3 || f[2].contains("/")) {
          throw new NativeLibraryException("malformed line in " + resource + ": " + l);
        }
        entries.add(new Entry(f[2], Long.parseLong(f[1]), f[0]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (entries.stream().noneMatch(e -> e.name().equals(MAIN_LIBRARY))) {
      throw new NativeLibraryException(resource + " does not list " + MAIN_LIBRARY);
    }
    return entries;
  }

  private static InputStream open(String resource) {
    InputStream in = NativeBundle.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new NativeLibraryException(
          ("the bundled llama.cpp library (%s) is not on the class path: model-pool's build"
               + " downloads it (./mvnw install); or set symposium.pool.llama-library to your own"
               + " build of llama.cpp %s")
              .formatted(resource, RELEASE));
    }
    return in;
  }

  private static void extract(String platform, Entry entry, Path directory) throws IOException {
    Path target = directory.resolve(entry.name());
    if (Files.isRegularFile(target) && Files.size(target) == entry.size()) {
      return; // written complete by an earlier JVM: files only ever appear by an atomic move
    }
    byte[] bytes;
    try (InputStream in = open(RESOURCES + platform + "/" + entry.name())) {
      bytes = in.readAllBytes();
    }
    if (bytes.length != entry.size() || !sha256(bytes).equals(entry.sha256())) {
      throw new NativeLibraryException(
          "the bundled llama.cpp file %s does not match its listed size and SHA-256; rebuild model-pool"
              .formatted(entry.name()));
    }
    Path partial = Files.createTempFile(directory, entry.name(), ".partial");
    try {
      Files.write(partial, bytes);
      try {
        Files.move(
            partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * The user's cache ({@code $XDG_CACHE_HOME} or {@code ~/.cache}), so that the ~25 MB are
   * extracted once per machine rather than once per worker process; mode 700, since whoever can
   * write there chooses the code every worker runs.
   */
  private static Path defaultDirectory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home", "."), ".cache");
    return cache.resolve("symposium").resolve("llama.cpp");
  }

  private static void createPrivateDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    @Nullable Path parent = directory.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      try {
        Files.createDirectory(
            directory,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another JVM made it first
      }
    } else {
      Files.createDirectories(directory);
    }
  }

  private static String listingHash(List<Entry> entries) {
    StringBuilder all = new StringBuilder();
    entries.forEach(e -> all.append(e.sha256()).append(' ').append(e.name()).append('\n'));
    return sha256(all.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
