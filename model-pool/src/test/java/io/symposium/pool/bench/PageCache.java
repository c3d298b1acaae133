package io.symposium.pool.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Drops a file from the Linux page cache, so the next load reads it from disk.
 *
 * <p>{@code echo 1 > /proc/sys/vm/drop_caches} is refused in this container even as root, and this
 * package may not call native code itself (STYLE.md rule 11, ArchitectureTest), so it runs
 * coreutils {@code dd if=FILE iflag=nocache count=0}: with nothing to copy, GNU dd calls {@code
 * posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)} on the whole file. DONTNEED skips dirty pages,
 * hence the {@code fsync} first. util-linux {@code fincore} then says how much of the file is still
 * resident, so a cold load is checked, not assumed.
 */
final class PageCache {
  private PageCache() {}

  /**
   * Flushes {@code file} to disk and drops its pages; returns the bytes still cached afterwards.
   */
  static long drop(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(false);
    } catch (IOException e) {
      throw new IllegalStateException("cannot fsync " + file + ": " + e.getMessage(), e);
    }
    run(List.of("dd", "if=" + file, "iflag=nocache", "count=0", "status=none"));
    return residentBytes(file);
  }

  /**
   * Reads {@code file} once, so the next load finds it in the page cache (the GPU benchmarks time
   * the upload, not the disk); returns the file.
   */
  static Path warm(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(8 << 20);
      while (channel.read(buffer) >= 0) {
        buffer.clear();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** Bytes of {@code file} now in the page cache. */
  static long residentBytes(Path file) {
    String out =
        run(List.of("fincore", "--bytes", "--noheadings", "--output", "RES", file.toString()));
    return Long.parseLong(out.strip());
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException(
            "%s failed (exit %d): %s".formatted(command, process.exitValue(), out.strip()));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + command.getFirst() + " (coreutils/util-linux): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}
