package io.symposium.pool.gguf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** One typed GGUF metadata value. */
public sealed interface GgufValue {

  /** The GGUF type this value is stored as. */
  GgufValueType type();

  /**
   * An integer of any GGUF integer type. A UINT64 above {@link Long#MAX_VALUE} keeps its bits
   * (reads negative); use {@link Long#toUnsignedString} to print it.
   */
  record IntValue(GgufValueType type, long value) implements GgufValue {
    public IntValue {
      Objects.requireNonNull(type, "type");
      if (!type.isInteger()) {
        throw new IllegalArgumentException("not an integer type: " + type);
      }
      long min =
          switch (type) {
            case UINT8, UINT16, UINT32 -> 0;
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
          };
      long max =
          switch (type) {
            case UINT8 -> 0xFFL;
            case INT8 -> Byte.MAX_VALUE;
            case UINT16 -> 0xFFFFL;
            case INT16 -> Short.MAX_VALUE;
            case UINT32 -> 0xFFFF_FFFFL;
            case INT32 -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
          };
      if (value < min || value > max) {
        throw new IllegalArgumentException("%d does not fit %s".formatted(value, type));
      }
    }
  }

  /** A FLOAT32 or FLOAT64. */
  record FloatValue(GgufValueType type, double value) implements GgufValue {
    public FloatValue {
      if (type != GgufValueType.FLOAT32 && type != GgufValueType.FLOAT64) {
        throw new IllegalArgumentException("not a float type: " + type);
      }
    }
  }

  /** A BOOL. */
  record BoolValue(boolean value) implements GgufValue {
    @Override
    public GgufValueType type() {
      return GgufValueType.BOOL;
    }
  }

  /** A STRING. */
  record StringValue(String value) implements GgufValue {
    public StringValue {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public GgufValueType type() {
      return GgufValueType.STRING;
    }
  }

  /** An ARRAY whose elements all have {@code elementType}. */
  record ArrayValue(GgufValueType elementType, List<GgufValue> elements) implements GgufValue {
    public ArrayValue {
      Objects.requireNonNull(elementType, "elementType");
      elements = List.copyOf(elements);
      for (GgufValue element : elements) {
        if (element.type() != elementType) {
          throw new IllegalArgumentException(
              "array of %s holds a %s".formatted(elementType, element.type()));
        }
      }
    }

    @Override
    public GgufValueType type() {
      return GgufValueType.ARRAY;
    }

    /** The elements as strings; fails unless this is an array of STRING. */
    public List<String> strings() {
      return elements.stream().map(e -> ((StringValue) e).value()).toList();
    }
  }

  /** This value as an integer, if it is one. */
  default OptionalLong asLong() {
    return this instanceof IntValue i ? OptionalLong.of(i.value()) : OptionalLong.empty();
  }

  /** This value as a floating-point number, if it is a number of any type. */
  default OptionalDouble asDouble() {
    return switch (this) {
      case FloatValue f -> OptionalDouble.of(f.value());
      case IntValue i -> OptionalDouble.of(i.value());
      default -> OptionalDouble.empty();
    };
  }

  static GgufValue uint32(long value) {
    return new IntValue(GgufValueType.UINT32, value);
  }

  static GgufValue int32(int value) {
    return new IntValue(GgufValueType.INT32, value);
  }

  static GgufValue uint64(long value) {
    return new IntValue(GgufValueType.UINT64, value);
  }

  static GgufValue float32(float value) {
    return new FloatValue(GgufValueType.FLOAT32, value);
  }

  static GgufValue bool(boolean value) {
    return new BoolValue(value);
  }

  static GgufValue string(String value) {
    return new StringValue(value);
  }

  static GgufValue strings(List<String> values) {
    List<GgufValue> elements = new ArrayList<>(values.size());
    values.forEach(v -> elements.add(new StringValue(v)));
    return new ArrayValue(GgufValueType.STRING, elements);
  }

  static GgufValue float32s(float[] values) {
    List<GgufValue> elements = new ArrayList<>(values.length);
    for (float v : values) {
      elements.add(new FloatValue(GgufValueType.FLOAT32, v));
    }
    return new ArrayValue(GgufValueType.FLOAT32, elements);
  }

  static GgufValue int32s(int[] values) {
    List<GgufValue> elements = new ArrayList<>(values.length);
    for (int v : values) {
      elements.add(new IntValue(GgufValueType.INT32, v));
    }
    return new ArrayValue(GgufValueType.INT32, elements);
  }
}
