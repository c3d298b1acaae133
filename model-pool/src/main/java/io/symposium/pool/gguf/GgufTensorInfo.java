package io.symposium.pool.gguf;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a GGUF tensor table.
 *
 * @param name the tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param type the element type
 * @param dimensions the sizes in ggml {@code ne} order, fastest-varying first (a PyTorch {@code
 *     [out, in]} matrix is {@code [in, out]} here)
 * @param offset the byte offset of the data, relative to the start of the file's data section
 */
public record GgufTensorInfo(String name, GgmlType type, List<Long> dimensions, long offset) {

  /** ggml's GGML_MAX_DIMS. */
  public static final int MAX_DIMENSIONS = 4;

  /** ggml's GGML_MAX_NAME is 64 bytes including the terminating NUL. */
  public static final int MAX_NAME_BYTES = 63;

  public GgufTensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    dimensions = List.copyOf(dimensions);
    if (dimensions.isEmpty() || dimensions.size() > MAX_DIMENSIONS) {
      throw new IllegalArgumentException(
          "tensor '%s' has %d dimensions, expected 1 to %d"
              .formatted(name, dimensions.size(), MAX_DIMENSIONS));
    }
    long elements = 1;
    for (long d : dimensions) {
      if (d <= 0) {
        throw new IllegalArgumentException("tensor '%s' has a dimension %d".formatted(name, d));
      }
      elements = Math.multiplyExact(elements, d);
    }
    if (dimensions.getFirst() % type.blockSize() != 0) {
      throw new IllegalArgumentException(
          "tensor '%s' has rows of %d elements, not a multiple of the %s block size %d"
              .formatted(name, dimensions.getFirst(), type, type.blockSize()));
    }
    type.byteSize(elements); // fails on overflow
    if (offset < 0) {
      throw new IllegalArgumentException("tensor '%s' has offset %d".formatted(name, offset));
    }
  }

  /** The number of elements (the product of the dimensions). */
  public long elementCount() {
    long n = 1;
    for (long d : dimensions) {
      n *= d;
    }
    return n;
  }

  /** Elements per row ({@code ne[0]}). */
  public long rowLength() {
    return dimensions.getFirst();
  }

  /** The number of rows (the product of all dimensions but the first). */
  public long rowCount() {
    return elementCount() / rowLength();
  }

  /** Bytes of the tensor's data, without alignment padding. */
  public long byteSize() {
    return type.byteSize(elementCount());
  }
}
