package io.symposium.pool.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a GGUF v3 file: metadata and tensor table first, then each tensor's data streamed row by
 * row from its {@link TensorRows}, so the file can be far larger than the heap.
 *
 * <p>Layout (ggml docs/gguf.md, and what llama.cpp b4916's gguf.cpp checks): magic, version, tensor
 * count, metadata count, the metadata, the tensor infos, zero padding to the alignment, then the
 * tensors in table order, each starting at an offset (relative to the data section) that is a
 * multiple of the alignment and padded with zeros after. llama.cpp requires exactly this contiguous
 * order, and the trailing padding after the last tensor keeps the data section a whole number of
 * aligned blocks. The alignment is {@code general.alignment} if it was put, else 32.
 *
 * <p>Only F32, F16 and Q8_0 tensors can be written ({@link GgmlType#isCodable()}).
 */
public final class GgufWriter {
  static final int MAGIC = 0x4655_4747; // "GGUF" read as a little-endian uint32
  static final int VERSION = 3;
  static final long DEFAULT_ALIGNMENT = 32;
  static final String ALIGNMENT_KEY = "general.alignment";

  private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
  private final List<PendingTensor> tensors = new ArrayList<>();
  private final Set<String> tensorNames = new HashSet<>();

  private record PendingTensor(GgufTensorInfo info, TensorRows rows) {}

  /** Adds a metadata entry; entries are written in the order they were put. */
  public GgufWriter put(String key, GgufValue value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("metadata key is empty");
    }
    if (metadata.putIfAbsent(key, value) != null) {
      throw new IllegalArgumentException("duplicate metadata key '%s'".formatted(key));
    }
    if (key.equals(ALIGNMENT_KEY)) {
      long a = value.asLong().orElse(-1);
      if (value.type() != GgufValueType.UINT32 || a <= 0 || Long.bitCount(a) != 1) {
        metadata.remove(key);
        throw new IllegalArgumentException(
            "general.alignment must be a UINT32 power of two: " + value);
      }
      if (!tensors.isEmpty()) {
        metadata.remove(key);
        throw new IllegalStateException("put general.alignment before adding tensors");
      }
    }
    return this;
  }

  /**
   * Adds a tensor, written in the order added.
   *
   * @param dimensions sizes in ggml {@code ne} order, fastest first
   * @param rows the values, asked for row by row at {@link #write} time
   */
  public GgufWriter tensor(String name, GgmlType type, List<Long> dimensions, TensorRows rows) {
    Objects.requireNonNull(rows, "rows");
    if (!type.isCodable()) {
      throw new IllegalArgumentException(
          "cannot write %s tensors: only F32, F16 and Q8_0".formatted(type));
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > GgufTensorInfo.MAX_NAME_BYTES
        || name.isEmpty()) {
      throw new IllegalArgumentException(
          "tensor name '%s' must be 1 to %d UTF-8 bytes"
              .formatted(name, GgufTensorInfo.MAX_NAME_BYTES));
    }
    if (!tensorNames.add(name)) {
      throw new IllegalArgumentException("duplicate tensor '%s'".formatted(name));
    }
    long offset = 0;
    if (!tensors.isEmpty()) {
      GgufTensorInfo last = tensors.getLast().info();
      offset = align(last.offset() + last.byteSize(), alignment());
    }
    GgufTensorInfo info;
    try {
      info = new GgufTensorInfo(name, type, dimensions, offset);
    } catch (IllegalArgumentException | ArithmeticException e) {
      tensorNames.remove(name);
      throw e instanceof IllegalArgumentException iae
          ? iae
          : new IllegalArgumentException(e.getMessage(), e);
    }
    if (info.rowLength() > Integer.MAX_VALUE / 4) {
      tensorNames.remove(name);
      throw new IllegalArgumentException("tensor '%s' has rows too long to buffer".formatted(name));
    }
    tensors.add(new PendingTensor(info, rows));
    return this;
  }

  /** The tensor table as it will be written. */
  public List<GgufTensorInfo> tensorInfos() {
    return tensors.stream().map(PendingTensor::info).toList();
  }

  /** The size the file will have, in bytes. */
  public long fileSize() {
    return header().size() + dataSize();
  }

  /**
   * Writes the file: first to a sibling temporary file, then moved into place, so a reader never
   * sees a half-written model.
   */
  public Path write(Path file) {
    HeaderBytes header = header();
    Path absolute = file.toAbsolutePath();
    Path temporary = absolute.resolveSibling(absolute.getFileName() + ".partial");
    try {
      try (FileChannel channel =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        writeFully(channel, header.buffer());
        writeData(channel);
        long expected = header.size() + dataSize();
        if (channel.position() != expected) {
          throw new IllegalStateException(
              "wrote %d bytes, expected %d".formatted(channel.position(), expected));
        }
      }
      Files.move(
          temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write GGUF file " + file, e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // the move already happened or the original failure is the one worth reporting
      }
    }
  }

  private long alignment() {
    GgufValue value = metadata.get(ALIGNMENT_KEY);
    return value == null ? DEFAULT_ALIGNMENT : value.asLong().orElseThrow();
  }

  private long dataSize() {
    if (tensors.isEmpty()) {
      return 0;
    }
    GgufTensorInfo last = tensors.getLast().info();
    return align(last.offset() + last.byteSize(), alignment());
  }

  private HeaderBytes header() {
    HeaderBytes out = new HeaderBytes();
    out.u32(MAGIC);
    out.u32(VERSION);
    out.u64(tensors.size());
    out.u64(metadata.size());
    metadata.forEach(
        (key, value) -> {
          out.string(key);
          out.u32(value.type().id());
          out.value(value);
        });
    for (PendingTensor tensor : tensors) {
      GgufTensorInfo info = tensor.info();
      out.string(info.name());
      out.u32(info.dimensions().size());
      info.dimensions().forEach(out::u64);
      out.u32(info.type().id());
      out.u64(info.offset());
    }
    out.padTo(alignment());
    return out;
  }

  private void writeData(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    long alignment = alignment();
    long written = 0;
    for (PendingTensor tensor : tensors) {
      GgufTensorInfo info = tensor.info();
      // zero padding up to this tensor's offset
      for (; written < info.offset(); written++) {
        buffer = put(channel, buffer, 1).put((byte) 0);
      }
      int rowLength = (int) info.rowLength();
      int rowBytes = (int) info.type().byteSize(rowLength);
      float[] row = new float[rowLength];
      for (long r = 0, rows = info.rowCount(); r < rows; r++) {
        tensor.rows().fill(r, row);
        buffer = put(channel, buffer, rowBytes);
        int before = buffer.position();
        info.type().encodeRow(row, buffer);
        if (buffer.position() - before != rowBytes) {
          throw new IllegalStateException(
              "encoded row of '%s' has the wrong size".formatted(info.name()));
        }
        written += rowBytes;
      }
    }
    for (long end = align(written, alignment); written < end; written++) {
      buffer = put(channel, buffer, 1).put((byte) 0);
    }
    buffer.flip();
    writeFully(channel, buffer);
  }

  /** Makes room for {@code n} more bytes, flushing (or growing) the buffer as needed. */
  private static ByteBuffer put(FileChannel channel, ByteBuffer buffer, int n) throws IOException {
    if (buffer.remaining() >= n) {
      return buffer;
    }
    buffer.flip();
    writeFully(channel, buffer);
    buffer.clear();
    return buffer.capacity() >= n ? buffer : ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  static long align(long n, long alignment) {
    return Math.ceilDiv(n, alignment) * alignment;
  }
}
