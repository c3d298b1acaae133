package io.symposium.orchestrator.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes generated JSON values as request bytes: strings either as raw UTF-8 or \\u-escaped (an
 * unpaired surrogate has no UTF-8 form, so it is always escaped), and {@link Raw} tokens and {@link
 * Bytes} verbatim, so that a body can be exactly as odd as a hostile client makes it.
 */
final class JsonText {

  /**
   * A token written as it is: a number JSON allows but Java's types cannot hold, or one it does
   * not.
   */
  record Raw(String token) {}

  /** Arrays ({@code [[[1]]]}) or objects nested {@code depth} deep, written without recursion. */
  record Nested(int depth, boolean arrays) {}

  /** Bytes written as they are inside a string's quotes: invalid UTF-8, for one. */
  record Bytes(byte[] bytes) {}

  /** How strings are written. */
  enum Strings {
    RAW_UTF8,
    ESCAPED
  }

  private JsonText() {}

  static byte[] write(Object value, Strings strings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(value, strings, out);
    return out.toByteArray();
  }

  private static void write(Object value, Strings strings, ByteArrayOutputStream out) {
    switch (value) {
      case FuzzValues.Absent absent ->
          throw new IllegalArgumentException("an absent field is never written");
      case Nested nested -> {
        String open = nested.arrays() ? "[" : "{\"a\":";
        ascii(
            open.repeat(nested.depth())
                + "1"
                + (nested.arrays() ? "]" : "}").repeat(nested.depth()),
            out);
      }
      case Raw raw -> out.writeBytes(raw.token().getBytes(StandardCharsets.UTF_8));
      case Bytes bytes -> {
        out.write('"');
        out.writeBytes(bytes.bytes());
        out.write('"');
      }
      case String s -> string(s, strings, out);
      case Boolean b -> ascii(b.toString(), out);
      case Number n -> ascii(n.toString(), out);
      case List<?> list -> {
        out.write('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.write(',');
          }
          write(list.get(i), strings, out);
        }
        out.write(']');
      }
      case Map<?, ?> map -> {
        out.write('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (e.getValue() instanceof FuzzValues.Absent) {
            continue;
          }
          if (!first) {
            out.write(',');
          }
          first = false;
          string((String) e.getKey(), strings, out);
          out.write(':');
          write(e.getValue(), strings, out);
        }
        out.write('}');
      }
      default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  /** The JSON null, as a value a map or a list can hold. */
  static final Raw NULL = new Raw("null");

  private static void string(String s, Strings strings, ByteArrayOutputStream out) {
    out.write('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      if (c == '"' || c == '\\') {
        out.write('\\');
        out.write(c);
      } else if (c < 0x20
          || Character.isSurrogate(c) && !pair
          || strings == Strings.ESCAPED && c > 0x7E) {
        if (pair) {
          ascii("\\u%04x\\u%04x".formatted((int) c, (int) s.charAt(i + 1)), out);
          i++;
        } else {
          ascii("\\u%04x".formatted((int) c), out);
        }
      } else if (pair) {
        out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i++;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    out.write('"');
  }

  private static void ascii(String s, ByteArrayOutputStream out) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
