package io.symposium.evals.synth;

import java.util.List;
import java.util.Map;

/** Writes the few flat JSON shapes this package produces: strings, numbers and lists of strings. */
final class JsonText {
  private JsonText() {}

  /** One object on one line, keys in the map's order. */
  static String object(Map<String, ?> fields) {
    var sb = new StringBuilder("{");
    fields.forEach(
        (key, value) -> {
          if (sb.length() > 1) sb.append(", ");
          sb.append(string(key)).append(": ").append(value(value));
        });
    return sb.append('}').toString();
  }

  /** A JSON array with one element per line, like the benchmark files. */
  static String array(List<String> elements) {
    if (elements.isEmpty()) return "[]\n";
    return "[\n  " + String.join(",\n  ", elements) + "\n]\n";
  }

  private static String value(Object value) {
    return switch (value) {
      case String s -> string(s);
      case Number n -> n.toString();
      case List<?> list ->
          "[" + String.join(", ", list.stream().map(JsonText::value).toList()) + "]";
      default -> throw new IllegalArgumentException("unsupported JSON value " + value.getClass());
    };
  }

  static String string(String s) {
    var sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append("\\u%04x".formatted((int) c));
          else sb.append(c);
        }
      }
    }
    return sb.append('"').toString();
  }
}
