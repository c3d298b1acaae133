package io.symposium.orchestrator.fuzz;

import static io.symposium.orchestrator.fuzz.Gen.weighted;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hostile input the fuzz suite sends: text over every code point (control characters, unpaired
 * surrogates, non-characters, very long runs), arbitrary JSON values and deep nesting, and request
 * bodies whose every field is either plausible, arbitrary, or absent.
 */
final class FuzzValues {

  /** A field the body leaves out. */
  enum Absent {
    FIELD
  }

  private FuzzValues() {}

  /** Code points a parser, a validator or a database is most likely to trip over. */
  private static final int[] NASTY = {
    0x00, 0x01, 0x08, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xAD, 0x200B, 0x200E,
    0x2028, 0x2029, 0x202E, 0xD800, 0xDB7F, 0xDBFF, 0xDC00, 0xDFFF, 0xFDD0, 0xFEFF, 0xFFFD, 0xFFFE,
    0xFFFF, 0x1F600, 0x1F468, 0x10FFFF, '"', '\\', '/', '\'', '<', '>', '&', '%', '{', '}', '$', '?'
  };

  static Gen<Integer> codePoint() {
    return Gen.frequency(
        weighted(4, Gen.integers(0x20, 0x7E)),
        weighted(3, Gen.integers(0, Character.MAX_CODE_POINT)),
        weighted(1, Gen.integers(0x80, 0x7FF)),
        weighted(2, Gen.of(asList(NASTY))));
  }

  /** Short text over every code point; a code point in D800–DFFF becomes an unpaired surrogate. */
  static Gen<String> shortText() {
    return codePoint().list(40).map(FuzzValues::fromCodePoints);
  }

  /** Text of up to about 70,000 chars: past every limit the API sets (32 KiB for a question). */
  static Gen<String> longText() {
    Gen<String> units = shortText().filter(s -> !s.isEmpty());
    Gen<Integer> lengths = Gen.integers(1_000, 70_000);
    return random -> {
      String unit = units.next(random);
      int length = lengths.next(random);
      return unit.repeat(length / unit.length() + 1).substring(0, length);
    };
  }

  /**
   * Text over every code point a client may store: controls, non-characters, supplementary planes,
   * but no U+0000 and no unpaired surrogate. What the log keeps of it must read back exactly.
   */
  static Gen<String> storableText() {
    return codePoint()
        .filter(cp -> cp != 0 && (cp < 0xD800 || cp > 0xDFFF))
        .list(1, 60)
        .map(FuzzValues::fromCodePoints);
  }

  static Gen<String> text() {
    return Gen.frequency(
        weighted(6, storableText()),
        weighted(3, shortText()),
        weighted(1, longText()),
        weighted(1, Gen.chars(30)));
  }

  /** Any JSON scalar, numbers past every Java type and tokens JSON does not allow included. */
  static Gen<Object> scalar() {
    return Gen.oneOf(
        Gen.just(JsonText.NULL),
        Gen.of(true, false),
        Gen.integers(),
        Gen.longs(),
        Gen.<Object>of(
            0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE),
        Gen.doubles(),
        Gen.bigIntegers(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
        Gen.of(
                "-0",
                "1e400",
                "-1e400",
                "1e-400",
                "0.5e999999999",
                "1" + "0".repeat(2000),
                "NaN",
                "Infinity",
                "01",
                "1.",
                ".5",
                "+1",
                "0x10",
                "truex",
                "nul")
            .map(JsonText.Raw::new),
        text(),
        invalidUtf8());
  }

  /** Bytes that are no UTF-8: stray continuation bytes, overlong forms, encoded surrogates. */
  static Gen<JsonText.Bytes> invalidUtf8() {
    return Gen.oneOf(
            Gen.of(
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {'a', 0, 'b'}),
            Gen.bytes(0, 16))
        .map(JsonText.Bytes::new);
  }

  /** Any JSON value, nested up to {@code depth} levels. */
  static Gen<Object> json(int depth) {
    if (depth == 0) {
      return scalar();
    }
    Gen<Object> inner = json(depth - 1);
    return Gen.frequency(
        weighted(5, scalar()),
        weighted(2, inner.list(4)),
        weighted(2, Gen.maps(shortText(), inner, 4)),
        weighted(1, deeplyNested()));
  }

  static Gen<Object> json() {
    return json(3);
  }

  /** Arrays and objects nested up to 5,000 deep (past the parser's nesting limit). */
  static Gen<Object> deeplyNested() {
    Gen<Integer> depths = Gen.integers(2, 5_000);
    return random -> new JsonText.Nested(depths.next(random), random.nextBoolean());
  }

  /** A field's plausible value (one the field accepts, or nearly so), or the field left out. */
  static Gen<Object> field(Gen<?> plausible) {
    return Gen.frequency(weighted(5, plausible), weighted(1, Gen.just(Absent.FIELD)));
  }

  /** A field that is usually left out (a knob that does not combine with others). */
  static Gen<Object> rarely(Gen<?> plausible) {
    return Gen.frequency(weighted(1, plausible), weighted(4, Gen.just(Absent.FIELD)));
  }

  /** An object from named fields, each plausible or absent (for the parts of a body). */
  static Gen<Object> plainObject(Map<String, Gen<Object>> fields) {
    return fieldsOf(fields).asObject();
  }

  private static Gen<Map<String, Object>> fieldsOf(Map<String, Gen<Object>> fields) {
    List<Map.Entry<String, Gen<Object>>> entries = List.copyOf(fields.entrySet());
    return random -> {
      Map<String, Object> object = new LinkedHashMap<>();
      for (Map.Entry<String, Gen<Object>> e : entries) {
        object.put(e.getKey(), e.getValue().next(random));
      }
      return object;
    };
  }

  /**
   * A body from named fields: every field plausible or absent, or one or two of them replaced by
   * any JSON value (a third of the time); sometimes with an unknown field too. Bodies whose fields
   * are all plausible reach the service's storage, so what it keeps of them can be read back.
   */
  static Gen<Object> object(Map<String, Gen<Object>> fields) {
    List<String> names = new ArrayList<>(fields.keySet());
    Gen<Map<String, Object>> plausible = fieldsOf(fields);
    Gen<List<Integer>> victims =
        Gen.frequency(
            weighted(2, Gen.just(List.<Integer>of())),
            weighted(1, Gen.integers(0, names.size() - 1).list(1, 2)));
    Gen<Object> junk = json();
    Gen<String> unknownNames = shortText();
    Gen<Object> extra = Gen.frequency(weighted(4, Gen.just(Absent.FIELD)), weighted(1, json(1)));
    return random -> {
      Map<String, Object> body = plausible.next(random);
      List<Integer> corrupted = victims.next(random);
      List<Object> junkValues = List.of(junk.next(random), junk.next(random));
      String name = unknownNames.next(random);
      Object value = extra.next(random);
      for (int i = 0; i < corrupted.size(); i++) {
        body.put(names.get(corrupted.get(i)), junkValues.get(i));
      }
      if (!(value instanceof Absent) && !body.containsKey(name)) {
        body.put(name, value);
      }
      return body;
    };
  }

  /** A request body: mostly {@code object}, sometimes any JSON value at all. */
  static Gen<Object> body(Gen<Object> object) {
    return Gen.frequency(weighted(9, object), weighted(1, json()));
  }

  static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder text = new StringBuilder();
    codePoints.forEach(text::appendCodePoint);
    return text.toString();
  }

  private static List<Integer> asList(int[] values) {
    List<Integer> list = new ArrayList<>();
    for (int v : values) {
      list.add(v);
    }
    return list;
  }
}
