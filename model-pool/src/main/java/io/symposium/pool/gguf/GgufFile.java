package io.symposium.pool.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link GgufInspector} found in a valid GGUF file: its metadata, its tensor table and the
 * model facts derived from them.
 *
 * @param path the file
 * @param version the GGUF version (2 or 3)
 * @param alignment the data alignment ({@code general.alignment}, default 32)
 * @param dataOffset the absolute byte offset of the data section, to which tensor offsets are
 *     relative
 * @param fileSize the file size in bytes
 * @param metadata every metadata entry, in file order
 * @param tensors the tensor table, in file order
 */
public record GgufFile(
    Path path,
    int version,
    long alignment,
    long dataOffset,
    long fileSize,
    Map<String, GgufValue> metadata,
    List<GgufTensorInfo> tensors) {

  public GgufFile {
    Objects.requireNonNull(path, "path");
    // an unmodifiable copy that keeps the file order, which Map.copyOf would not
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    tensors = List.copyOf(tensors);
    if (!(metadata.get("general.architecture") instanceof GgufValue.StringValue)) {
      throw new IllegalArgumentException("general.architecture must be a string");
    }
  }

  /** {@code general.architecture}, e.g. {@code llama}. */
  public String architecture() {
    // the compact constructor refuses metadata without it
    return ((GgufValue.StringValue)
            Objects.requireNonNull(metadata.get("general.architecture"), "general.architecture"))
        .value();
  }

  /** The value of {@code key}, if present. */
  public Optional<GgufValue> get(String key) {
    return Optional.ofNullable(metadata.get(key));
  }

  /** The string value of {@code key}, if present and a string. */
  public Optional<String> getString(String key) {
    return metadata.get(key) instanceof GgufValue.StringValue s
        ? Optional.of(s.value())
        : Optional.empty();
  }

  /**
   * The integer value of {@code key}, if present and an integer; for an array of integers (some
   * architectures give per-layer head counts) its largest element.
   */
  public OptionalLong getLong(String key) {
    return switch (metadata.get(key)) {
      case GgufValue.IntValue i -> OptionalLong.of(i.value());
      case GgufValue.ArrayValue a when a.elementType().isInteger() && !a.elements().isEmpty() ->
          a.elements().stream().mapToLong(e -> ((GgufValue.IntValue) e).value()).max();
      case null, default -> OptionalLong.empty();
    };
  }

  private OptionalLong archLong(String suffix) {
    return getLong(architecture() + "." + suffix);
  }

  /** {@code <arch>.context_length}: the training context. */
  public OptionalLong contextLength() {
    return archLong("context_length");
  }

  /** {@code <arch>.embedding_length}. */
  public OptionalLong embeddingLength() {
    return archLong("embedding_length");
  }

  /** {@code <arch>.block_count}: the number of layers. */
  public OptionalLong blockCount() {
    return archLong("block_count");
  }

  /** {@code <arch>.feed_forward_length}. */
  public OptionalLong feedForwardLength() {
    return archLong("feed_forward_length");
  }

  /** {@code <arch>.attention.head_count}. */
  public OptionalLong headCount() {
    return archLong("attention.head_count");
  }

  /** {@code <arch>.attention.head_count_kv}, which defaults to the head count in llama.cpp. */
  public OptionalLong headCountKv() {
    OptionalLong kv = archLong("attention.head_count_kv");
    return kv.isPresent() ? kv : headCount();
  }

  /** {@code <arch>.expert_count}, present only in MoE models. */
  public OptionalLong expertCount() {
    return archLong("expert_count");
  }

  /** {@code <arch>.expert_used_count}, present only in MoE models. */
  public OptionalLong expertUsedCount() {
    return archLong("expert_used_count");
  }

  /** {@code general.file_type} ({@code llama_ftype}: 0 F32, 1 F16, 7 Q8_0, …). */
  public OptionalLong fileType() {
    return getLong("general.file_type");
  }

  /** {@code <arch>.vocab_size}, else the length of {@code tokenizer.ggml.tokens}. */
  public OptionalLong vocabSize() {
    OptionalLong size = archLong("vocab_size");
    if (size.isPresent()) {
      return size;
    }
    return metadata.get("tokenizer.ggml.tokens") instanceof GgufValue.ArrayValue tokens
        ? OptionalLong.of(tokens.elements().size())
        : OptionalLong.empty();
  }

  /** The number of weights: the sum of the tensors' element counts. */
  public long parameterCount() {
    return tensors.stream().mapToLong(GgufTensorInfo::elementCount).sum();
  }

  /** Bytes of all tensor data, without alignment padding. */
  public long tensorBytes() {
    return tensors.stream().mapToLong(GgufTensorInfo::byteSize).sum();
  }

  /** The tensor named {@code name}, if present. */
  public Optional<GgufTensorInfo> tensor(String name) {
    return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * Reads and decodes the values of an F32, F16 or Q8_0 tensor, in ggml order ({@code ne[0]}
   * fastest). For tests and export checks; a model is never loaded this way.
   */
  public float[] tensorValues(String name) {
    GgufTensorInfo info =
        tensor(name)
            .orElseThrow(
                () -> new IllegalArgumentException("no tensor '%s' in %s".formatted(name, path)));
    if (!info.type().isCodable()) {
      throw new UnsupportedOperationException(
          "cannot decode %s tensor '%s'".formatted(info.type(), name));
    }
    if (info.elementCount() > Integer.MAX_VALUE - 8 || info.byteSize() > Integer.MAX_VALUE - 8) {
      throw new UnsupportedOperationException(
          "tensor '%s' is too large for one array".formatted(name));
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) info.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long at = dataOffset + info.offset();
      while (bytes.hasRemaining()) {
        if (channel.read(bytes, at + bytes.position()) < 0) {
          throw new GgufFormatException(
              "%s: tensor '%s' is cut off".formatted(path.getFileName(), name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path, e);
    }
    bytes.flip();
    float[] values = new float[(int) info.elementCount()];
    float[] row = new float[(int) info.rowLength()];
    for (int r = 0; r < info.rowCount(); r++) {
      info.type().decodeRow(bytes, row);
      System.arraycopy(row, 0, values, r * row.length, row.length);
    }
    return values;
  }
}
