package io.symposium.pool.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable little-endian byte sink for the GGUF header, which is small enough to build in memory.
 */
final class HeaderBytes {
  private byte[] bytes = new byte[4096];
  private int size;

  int size() {
    return size;
  }

  ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes, 0, size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private ByteBuffer reserve(int n) {
    if (size + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
    }
    ByteBuffer view = ByteBuffer.wrap(bytes, size, n).order(ByteOrder.LITTLE_ENDIAN);
    size += n;
    return view;
  }

  void u8(int v) {
    reserve(1).put((byte) v);
  }

  void u16(int v) {
    reserve(2).putShort((short) v);
  }

  void u32(long v) {
    reserve(4).putInt((int) v);
  }

  void u64(long v) {
    reserve(8).putLong(v);
  }

  void f32(float v) {
    reserve(4).putFloat(v);
  }

  void f64(double v) {
    reserve(8).putDouble(v);
  }

  void string(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    u64(utf8.length);
    reserve(utf8.length).put(utf8);
  }

  void padTo(long alignment) {
    while (size % alignment != 0) {
      u8(0);
    }
  }

  void value(GgufValue value) {
    switch (value) {
      case GgufValue.IntValue i -> {
        switch (i.type()) {
          case UINT8, INT8 -> u8((int) i.value());
          case UINT16, INT16 -> u16((int) i.value());
          case UINT32, INT32 -> u32(i.value());
          default -> u64(i.value());
        }
      }
      case GgufValue.FloatValue f -> {
        if (f.type() == GgufValueType.FLOAT32) {
          f32((float) f.value());
        } else {
          f64(f.value());
        }
      }
      case GgufValue.BoolValue b -> u8(b.value() ? 1 : 0);
      case GgufValue.StringValue s -> string(s.value());
      case GgufValue.ArrayValue a -> {
        u32(a.elementType().id());
        u64(a.elements().size());
        a.elements().forEach(this::value);
      }
    }
  }
}
