package io.symposium.pool.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads little-endian GGUF primitives through a buffered positional window over a file channel,
 * checking every read against the file size first, so a corrupt length ends in a {@link
 * GgufFormatException} and never in an oversized allocation.
 */
final class GgufCursor {
  private static final int WINDOW = 64 * 1024;

  private final FileChannel channel;
  private final long size;
  private final String fileName;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
  private long windowStart;
  private long position;

  GgufCursor(FileChannel channel, long size, String fileName) {
    this.channel = channel;
    this.size = size;
    this.fileName = fileName;
    window.limit(0);
  }

  long position() {
    return position;
  }

  long size() {
    return size;
  }

  long remaining() {
    return size - position;
  }

  GgufFormatException error(String message) {
    return new GgufFormatException(fileName + ": " + message);
  }

  /**
   * Makes {@code n} (at most the window size) bytes at the position readable, or reports
   * truncation.
   */
  private ByteBuffer need(int n, String what) {
    if (n > remaining()) {
      throw error(
          "truncated: %s needs %d bytes at byte %d but the file has %d bytes"
              .formatted(what, n, position, size));
    }
    long relative = position - windowStart;
    if (relative < 0 || relative + n > window.limit()) {
      window.clear();
      windowStart = position;
      try {
        while (window.position() < n) {
          if (channel.read(window, windowStart + window.position()) < 0) {
            throw error(
                "file shrank while being read, at byte " + (windowStart + window.position()));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + fileName, e);
      }
      window.flip();
      relative = 0;
    }
    window.position((int) relative);
    position += n;
    return window;
  }

  int u8(String what) {
    return need(1, what).get() & 0xFF;
  }

  int u16(String what) {
    return need(2, what).getShort() & 0xFFFF;
  }

  long u32(String what) {
    return need(4, what).getInt() & 0xFFFF_FFFFL;
  }

  /** A uint64; values of 2^63 and above come back negative, which callers treat as out of range. */
  long u64(String what) {
    return need(8, what).getLong();
  }

  float f32(String what) {
    return need(4, what).getFloat();
  }

  double f64(String what) {
    return need(8, what).getDouble();
  }

  /** A length-prefixed UTF-8 string of at most {@code maxBytes} bytes. */
  String string(String what, long maxBytes) {
    long at = position;
    long length = u64("the length of " + what);
    if (length < 0 || length > remaining()) {
      throw error(
          "%s at byte %d has length %s but only %d bytes of the file follow"
              .formatted(what, at, Long.toUnsignedString(length), remaining()));
    }
    if (length > maxBytes) {
      throw error(
          "%s at byte %d has length %d, above the limit of %d"
              .formatted(what, at, length, maxBytes));
    }
    byte[] bytes = new byte[(int) length];
    int done = 0;
    while (done < bytes.length) {
      int chunk = Math.min(WINDOW, bytes.length - done);
      need(chunk, what).get(bytes, done, chunk);
      done += chunk;
    }
    // Not validated: llama.cpp does not either, and some real vocabularies hold odd bytes.
    return new String(bytes, StandardCharsets.UTF_8);
  }

  void skipTo(long target) {
    if (target < position || target > size) {
      throw error("cannot move to byte %d of %d".formatted(target, size));
    }
    position = target;
  }
}
