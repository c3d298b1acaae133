package io.symposium.pool.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a GGUF file entirely in Java, so that a corrupt, truncated or foreign file is
 * rejected with a precise {@link GgufFormatException} before llama.cpp ever sees it.
 *
 * <p>Checks, following ggml docs/gguf.md and what llama.cpp b4916's gguf.cpp enforces: the magic
 * {@code GGUF}; version 2 or 3 (little-endian); tensor and metadata counts that the remaining bytes
 * could hold; every value type known; every string and array length within the file; unique keys;
 * {@code general.alignment} a UINT32 power of two; {@code general.architecture} a string; for each
 * tensor a name of 1–63 bytes, unique, 1–4 dimensions all > 0 whose product does not overflow, a
 * known ggml type whose block size divides the row length, an offset aligned to the alignment, data
 * that ends within the file, and no two tensors overlapping.
 *
 * <p>Every length read from the file is bounded by the bytes that remain before anything is
 * allocated, so a corrupt length cannot exhaust memory. Only the header is read; tensor data is
 * not.
 */
public final class GgufInspector {

  /** Above these, a file is treated as corrupt whatever its size. */
  static final long MAX_TENSORS = 1 << 20;

  static final long MAX_METADATA = 1 << 20;
  static final long MAX_STRING_BYTES = 1 << 24;
  static final int MAX_ARRAY_NESTING = 4;

  /** Far above any real vocabulary (~256k tokens) or merge list. */
  static final long MAX_ARRAY_ELEMENTS = 1 << 24;

  private static final byte[] MAGIC = "GGUF".getBytes(StandardCharsets.US_ASCII);

  /** Smallest encodings, used to bound counts: a key (8) + type (4) + one byte; a tensor info. */
  private static final int MIN_METADATA_BYTES = 13;

  private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 8 + 4 + 8;

  private GgufInspector() {}

  /**
   * Inspects {@code file}.
   *
   * @throws GgufFormatException if it is not a valid GGUF file
   * @throws UncheckedIOException if it cannot be read
   */
  public static GgufFile inspect(Path file) {
    String fileName = String.valueOf(file.getFileName());
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(new GgufCursor(channel, channel.size(), fileName), file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  private static GgufFile read(GgufCursor in, Path file) {
    int version = header(in);
    long tensorCount = count(in, "tensor count", MAX_TENSORS, MIN_TENSOR_INFO_BYTES);
    long metadataCount = count(in, "metadata count", MAX_METADATA, MIN_METADATA_BYTES);

    Map<String, GgufValue> metadata = new LinkedHashMap<>();
    for (long i = 0; i < metadataCount; i++) {
      long at = in.position();
      String key = in.string("the key of metadata entry #" + i, MAX_STRING_BYTES);
      if (key.isEmpty()) {
        throw in.error("metadata entry #%d at byte %d has an empty key".formatted(i, at));
      }
      if (metadata.containsKey(key)) {
        throw in.error("duplicate metadata key '%s' at byte %d".formatted(key, at));
      }
      metadata.put(
          key, value(in, valueType(in, "metadata '" + key + "'"), "metadata '" + key + "'", 0));
    }
    long alignment = alignment(in, metadata);
    if (!(metadata.get("general.architecture") instanceof GgufValue.StringValue)) {
      throw in.error(
          metadata.containsKey("general.architecture")
              ? "general.architecture is not a string"
              : "missing general.architecture: not a model file");
    }

    List<GgufTensorInfo> tensors = new ArrayList<>((int) Math.min(tensorCount, 4096));
    Set<String> names = new HashSet<>();
    for (long i = 0; i < tensorCount; i++) {
      GgufTensorInfo tensor = tensorInfo(in, i, alignment);
      if (!names.add(tensor.name())) {
        throw in.error("duplicate tensor '%s'".formatted(tensor.name()));
      }
      tensors.add(tensor);
    }
    long dataOffset = GgufWriter.align(in.position(), alignment);
    checkBounds(in, tensors, dataOffset);
    return new GgufFile(file, version, alignment, dataOffset, in.size(), metadata, tensors);
  }

  private static int header(GgufCursor in) {
    if (in.size() == 0) {
      throw in.error("not a GGUF file: the file is empty (0 bytes)");
    }
    byte[] magic = new byte[(int) Math.min(4, in.size())];
    for (int i = 0; i < magic.length; i++) {
      magic[i] = (byte) in.u8("the magic");
    }
    if (magic.length < 4 || !Arrays.equals(magic, MAGIC)) {
      throw in.error(
          "not a GGUF file: it starts with %s, expected the magic 'GGUF'"
              .formatted(describe(magic)));
    }
    long version = in.u32("the version");
    if (version == 2 || version == 3) {
      return (int) version;
    }
    if (version == 1) {
      throw in.error("GGUF version 1 is no longer supported by llama.cpp; expected 2 or 3");
    }
    if ((version & 0xFFFF) == 0 && version != 0) {
      throw in.error("big-endian GGUF (version bytes 0x%08x) is not supported".formatted(version));
    }
    throw in.error("unsupported GGUF version %d at byte 4; expected 2 or 3".formatted(version));
  }

  private static String describe(byte[] bytes) {
    StringBuilder text = new StringBuilder("'");
    StringBuilder hex = new StringBuilder();
    for (byte b : bytes) {
      text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
      hex.append("%02x".formatted(b & 0xFF));
    }
    return text.append("' (0x").append(hex).append(')').toString();
  }

  private static long count(GgufCursor in, String what, long max, int minBytesEach) {
    long at = in.position();
    long n = in.u64("the " + what);
    // the counts come before the entries, so whatever follows must hold n entries of the minimum
    // size
    long room = (in.remaining()) / minBytesEach;
    if (n < 0 || n > max || n > room) {
      throw in.error(
          "%s %s at byte %d is impossible: at most %d fit in the %d bytes that follow (limit %d)"
              .formatted(what, Long.toUnsignedString(n), at, room, in.remaining(), max));
    }
    return n;
  }

  private static GgufValueType valueType(GgufCursor in, String what) {
    long at = in.position();
    long id = in.u32("the value type of " + what);
    return GgufValueType.byId(id)
        .orElseThrow(
            () -> in.error("%s at byte %d has unknown value type %d".formatted(what, at, id)));
  }

  private static GgufValue value(GgufCursor in, GgufValueType type, String what, int depth) {
    return switch (type) {
      case UINT8 -> new GgufValue.IntValue(type, in.u8(what));
      case INT8 -> new GgufValue.IntValue(type, (byte) in.u8(what));
      case UINT16 -> new GgufValue.IntValue(type, in.u16(what));
      case INT16 -> new GgufValue.IntValue(type, (short) in.u16(what));
      case UINT32 -> new GgufValue.IntValue(type, in.u32(what));
      case INT32 -> new GgufValue.IntValue(type, (int) in.u32(what));
      case UINT64, INT64 -> new GgufValue.IntValue(type, in.u64(what));
      case FLOAT32 -> new GgufValue.FloatValue(type, in.f32(what));
      case FLOAT64 -> new GgufValue.FloatValue(type, in.f64(what));
      case BOOL -> {
        long at = in.position();
        int b = in.u8(what);
        if (b > 1) {
          throw in.error("%s at byte %d is a bool of value %d".formatted(what, at, b));
        }
        yield new GgufValue.BoolValue(b == 1);
      }
      case STRING -> new GgufValue.StringValue(in.string(what, MAX_STRING_BYTES));
      case ARRAY -> {
        if (depth >= MAX_ARRAY_NESTING) {
          throw in.error("%s nests arrays deeper than %d".formatted(what, MAX_ARRAY_NESTING));
        }
        GgufValueType elementType = valueType(in, "the elements of " + what);
        long at = in.position();
        long n = in.u64("the length of " + what);
        long room = in.remaining() / elementType.minimumWidth();
        if (n < 0 || n > room) {
          throw in.error(
              "%s at byte %d has %s elements of %s but at most %d fit in the %d bytes that follow"
                  .formatted(
                      what, at, Long.toUnsignedString(n), elementType, room, in.remaining()));
        }
        if (n > MAX_ARRAY_ELEMENTS) {
          throw in.error(
              "%s at byte %d has %d elements, above the limit of %d"
                  .formatted(what, at, n, MAX_ARRAY_ELEMENTS));
        }
        List<GgufValue> elements = new ArrayList<>((int) Math.min(n, 4096));
        for (long i = 0; i < n; i++) {
          elements.add(value(in, elementType, what, depth + 1));
        }
        yield new GgufValue.ArrayValue(elementType, elements);
      }
    };
  }

  private static long alignment(GgufCursor in, Map<String, GgufValue> metadata) {
    GgufValue value = metadata.get(GgufWriter.ALIGNMENT_KEY);
    if (value == null) {
      return GgufWriter.DEFAULT_ALIGNMENT;
    }
    long alignment = value.asLong().orElse(0);
    if (value.type() != GgufValueType.UINT32 || alignment <= 0 || Long.bitCount(alignment) != 1) {
      throw in.error("general.alignment must be a UINT32 power of two, got " + value);
    }
    return alignment;
  }

  private static GgufTensorInfo tensorInfo(GgufCursor in, long index, long alignment) {
    long at = in.position();
    String name = in.string("the name of tensor #" + index, MAX_STRING_BYTES);
    int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (nameBytes == 0 || nameBytes > GgufTensorInfo.MAX_NAME_BYTES) {
      throw in.error(
          "tensor #%d at byte %d has a name of %d bytes; names take 1 to %d"
              .formatted(index, at, nameBytes, GgufTensorInfo.MAX_NAME_BYTES));
    }
    String what = "tensor '" + name + "'";
    long dimensionCount = in.u32("the dimension count of " + what);
    if (dimensionCount < 1 || dimensionCount > GgufTensorInfo.MAX_DIMENSIONS) {
      throw in.error(
          "%s has %d dimensions; expected 1 to %d"
              .formatted(what, dimensionCount, GgufTensorInfo.MAX_DIMENSIONS));
    }
    List<Long> dimensions = new ArrayList<>();
    long elements = 1;
    for (int d = 0; d < dimensionCount; d++) {
      long size = in.u64("dimension " + d + " of " + what);
      if (size <= 0) {
        throw in.error(
            "%s has dimension %d of size %s".formatted(what, d, Long.toUnsignedString(size)));
      }
      if (elements > Long.MAX_VALUE / size) {
        throw in.error("%s has %s elements, which overflows".formatted(what, dimensions));
      }
      elements *= size;
      dimensions.add(size);
    }
    long typeId = in.u32("the type of " + what);
    GgmlType type =
        GgmlType.byId(typeId)
            .orElseThrow(() -> in.error("%s has unknown ggml type %d".formatted(what, typeId)));
    if (dimensions.getFirst() % type.blockSize() != 0) {
      throw in.error(
          "%s has rows of %d elements, not a multiple of the %s block size %d"
              .formatted(what, dimensions.getFirst(), type, type.blockSize()));
    }
    if (elements / type.blockSize() > Long.MAX_VALUE / type.typeSize()) {
      throw in.error("%s is larger than any file can be".formatted(what));
    }
    long offset = in.u64("the offset of " + what);
    if (offset < 0 || offset % alignment != 0) {
      throw in.error(
          "%s has offset %s, not a multiple of the alignment %d"
              .formatted(what, Long.toUnsignedString(offset), alignment));
    }
    return new GgufTensorInfo(name, type, dimensions, offset);
  }

  private static void checkBounds(GgufCursor in, List<GgufTensorInfo> tensors, long dataOffset) {
    for (GgufTensorInfo tensor : tensors) {
      long size = tensor.byteSize();
      // compared by subtraction so that a huge offset cannot overflow
      if (tensor.offset() > in.size() - dataOffset
          || size > in.size() - dataOffset - tensor.offset()) {
        String end =
            tensor.offset() > Long.MAX_VALUE - dataOffset - size
                ? "beyond byte " + Long.MAX_VALUE
                : "at byte " + (dataOffset + tensor.offset() + size);
        throw in.error(
            "tensor '%s' ends %s but the file has %d bytes"
                .formatted(tensor.name(), end, in.size()));
      }
    }
    List<GgufTensorInfo> byOffset =
        tensors.stream().sorted(Comparator.comparingLong(GgufTensorInfo::offset)).toList();
    for (int i = 1; i < byOffset.size(); i++) {
      GgufTensorInfo previous = byOffset.get(i - 1);
      GgufTensorInfo current = byOffset.get(i);
      if (previous.offset() + previous.byteSize() > current.offset()) {
        throw in.error(
            "tensors '%s' and '%s' overlap (bytes %d..%d and %d.. of the data section)"
                .formatted(
                    previous.name(),
                    current.name(),
                    previous.offset(),
                    previous.offset() + previous.byteSize(),
                    current.offset()));
      }
    }
  }
}
