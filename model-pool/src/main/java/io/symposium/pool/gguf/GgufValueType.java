package io.symposium.pool.gguf;

import java.util.Optional;

/** The value types of GGUF metadata, with the ids and fixed widths the format assigns them. */
public enum GgufValueType {
  UINT8(0, 1),
  INT8(1, 1),
  UINT16(2, 2),
  INT16(3, 2),
  UINT32(4, 4),
  INT32(5, 4),
  FLOAT32(6, 4),
  BOOL(7, 1),
  /** Length-prefixed UTF-8: a uint64 byte count, then the bytes (no terminator). */
  STRING(8, -1),
  /** A uint32 element type, a uint64 count, then the elements. */
  ARRAY(9, -1),
  UINT64(10, 8),
  INT64(11, 8),
  FLOAT64(12, 8);

  private static final GgufValueType[] BY_ID = values();

  private final int id;
  private final int width;

  GgufValueType(int id, int width) {
    this.id = id;
    this.width = width;
  }

  /** The type with this id, or empty for an id the format does not define. */
  public static Optional<GgufValueType> byId(long id) {
    return id >= 0 && id < BY_ID.length ? Optional.of(BY_ID[(int) id]) : Optional.empty();
  }

  /** The id written in the file. */
  public int id() {
    return id;
  }

  /** Bytes of one value, or -1 for the variable-length STRING and ARRAY. */
  int width() {
    return width;
  }

  /** The fewest bytes one value of this type can occupy, used to bound counts read from a file. */
  int minimumWidth() {
    return switch (this) {
      case STRING -> 8;
      case ARRAY -> 12;
      default -> width;
    };
  }

  boolean isInteger() {
    return switch (this) {
      case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
      default -> false;
    };
  }
}
