package io.symposium.pool.gguf;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The ggml tensor element types a GGUF tensor table may name, with their block geometry.
 *
 * <p>Ids, block sizes and block byte sizes are those of ggml's {@code ggml_type} and type traits
 * (ggml.h / ggml-common.h). Ids 4, 5, 31–33 and 36–38 were removed from ggml and are rejected. Only
 * F32, F16 and Q8_0 can be encoded by {@link #encodeRow} and decoded by {@link #decodeRow}.
 */
public enum GgmlType {
  F32(0, 1, 4),
  F16(1, 1, 2),
  Q4_0(2, 32, 18),
  Q4_1(3, 32, 20),
  Q5_0(6, 32, 22),
  Q5_1(7, 32, 24),
  Q8_0(8, 32, 34),
  Q8_1(9, 32, 36),
  Q2_K(10, 256, 84),
  Q3_K(11, 256, 110),
  Q4_K(12, 256, 144),
  Q5_K(13, 256, 176),
  Q6_K(14, 256, 210),
  Q8_K(15, 256, 292),
  IQ2_XXS(16, 256, 66),
  IQ2_XS(17, 256, 74),
  IQ3_XXS(18, 256, 98),
  IQ1_S(19, 256, 50),
  IQ4_NL(20, 32, 18),
  IQ3_S(21, 256, 110),
  IQ2_S(22, 256, 82),
  IQ4_XS(23, 256, 136),
  I8(24, 1, 1),
  I16(25, 1, 2),
  I32(26, 1, 4),
  I64(27, 1, 8),
  F64(28, 1, 8),
  IQ1_M(29, 256, 56),
  BF16(30, 1, 2),
  TQ1_0(34, 256, 54),
  TQ2_0(35, 256, 66);

  /** Elements per q8_0 block. */
  static final int Q8_0_BLOCK = 32;

  private static final GgmlType[] BY_ID = new GgmlType[64];

  static {
    for (GgmlType type : values()) {
      BY_ID[type.id] = type;
    }
  }

  private final int id;
  private final int blockSize;
  private final int typeSize;

  GgmlType(int id, int blockSize, int typeSize) {
    this.id = id;
    this.blockSize = blockSize;
    this.typeSize = typeSize;
  }

  /** The type with this ggml id, or empty for an unknown or removed id. */
  public static Optional<GgmlType> byId(long id) {
    return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[(int) id]) : Optional.empty();
  }

  /** The ggml id stored in a GGUF tensor info. */
  public int id() {
    return id;
  }

  /** Elements per block. */
  public int blockSize() {
    return blockSize;
  }

  /** Bytes per block. */
  public int typeSize() {
    return typeSize;
  }

  /**
   * Bytes of a tensor with {@code elements} elements whose rows are whole blocks.
   *
   * @throws ArithmeticException on overflow
   */
  public long byteSize(long elements) {
    if (elements % blockSize != 0) {
      throw new IllegalArgumentException(
          "%d elements are not a whole number of %s blocks of %d"
              .formatted(elements, this, blockSize));
    }
    return Math.multiplyExact(elements / blockSize, (long) typeSize);
  }

  /** Whether {@link #encodeRow} and {@link #decodeRow} support this type. */
  public boolean isCodable() {
    return this == F32 || this == F16 || this == Q8_0;
  }

  /**
   * Appends {@code row} to {@code out} (little-endian) in this type's encoding.
   *
   * <p>Q8_0 follows ggml's reference quantizer: per block of 32, {@code d = max|x| / 127} stored as
   * f16, then each {@code q = round(x / d)} (half away from zero) as int8, computed as {@code x *
   * (1/d)} in float like the reference.
   */
  public void encodeRow(float[] row, ByteBuffer out) {
    switch (this) {
      case F32 -> {
        for (float v : row) {
          out.putFloat(v);
        }
      }
      case F16 -> {
        for (float v : row) {
          out.putShort(Float.floatToFloat16(v));
        }
      }
      case Q8_0 -> {
        requireWholeBlocks(row.length);
        for (int b = 0; b < row.length; b += Q8_0_BLOCK) {
          float amax = 0f;
          for (int j = b; j < b + Q8_0_BLOCK; j++) {
            amax = Math.max(amax, Math.abs(row[j]));
          }
          float d = amax / 127f;
          float inverse = d != 0f ? 1f / d : 0f;
          out.putShort(Float.floatToFloat16(d));
          for (int j = b; j < b + Q8_0_BLOCK; j++) {
            out.put((byte) roundHalfAwayFromZero(row[j] * inverse));
          }
        }
      }
      default -> throw new UnsupportedOperationException("cannot encode ggml type " + this);
    }
  }

  /**
   * Reads {@code row.length} elements of this type from {@code in} (little-endian) into {@code
   * row}.
   */
  public void decodeRow(ByteBuffer in, float[] row) {
    switch (this) {
      case F32 -> {
        for (int i = 0; i < row.length; i++) {
          row[i] = in.getFloat();
        }
      }
      case F16 -> {
        for (int i = 0; i < row.length; i++) {
          row[i] = Float.float16ToFloat(in.getShort());
        }
      }
      case Q8_0 -> {
        requireWholeBlocks(row.length);
        for (int b = 0; b < row.length; b += Q8_0_BLOCK) {
          float d = Float.float16ToFloat(in.getShort());
          for (int j = b; j < b + Q8_0_BLOCK; j++) {
            row[j] = in.get() * d;
          }
        }
      }
      default -> throw new UnsupportedOperationException("cannot decode ggml type " + this);
    }
  }

  private void requireWholeBlocks(int length) {
    if (length % blockSize != 0) {
      throw new IllegalArgumentException(
          "a %s row needs a multiple of %d elements, got %d".formatted(this, blockSize, length));
    }
  }

  /** C's {@code roundf}: halves round away from zero (Math.round would round -2.5 to -2). */
  static int roundHalfAwayFromZero(float x) {
    // In double, |x| + 0.5 is exact for every float, so 0.49999997f does not round up.
    double rounded = Math.floor(Math.abs((double) x) + 0.5);
    return (int) Math.copySign(rounded, x);
  }
}
