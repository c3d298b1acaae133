package io.symposium.orchestrator.fuzz;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

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

  static Arbitrary<Integer> codePoint() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(0x20, 0x7E)),
        Tuple.of(3, Arbitraries.integers().between(0, Character.MAX_CODE_POINT)),
        Tuple.of(1, Arbitraries.integers().between(0x80, 0x7FF)),
        Tuple.of(2, Arbitraries.of(asList(NASTY))));
  }

  /** Short text over every code point; a code point in D800–DFFF becomes an unpaired surrogate. */
  static Arbitrary<String> shortText() {
    return codePoint().list().ofMaxSize(40).map(FuzzValues::fromCodePoints);
  }

  /** Text of up to about 70,000 chars: past every limit the API sets (32 KiB for a question). */
  static Arbitrary<String> longText() {
    return Combinators.combine(
            shortText().filter(s -> !s.isEmpty()), Arbitraries.integers().between(1_000, 70_000))
        .as((unit, length) -> unit.repeat(length / unit.length() + 1).substring(0, length));
  }

  /**
   * Text over every code point a client may store: controls, non-characters, supplementary planes,
   * but no U+0000 and no unpaired surrogate. What the log keeps of it must read back exactly.
   */
  static Arbitrary<String> storableText() {
    return codePoint()
        .filter(cp -> cp != 0 && (cp < 0xD800 || cp > 0xDFFF))
        .list()
        .ofMinSize(1)
        .ofMaxSize(60)
        .map(FuzzValues::fromCodePoints);
  }

  static Arbitrary<String> text() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, storableText()),
        Tuple.of(3, shortText()),
        Tuple.of(1, longText()),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)));
  }

  /** Any JSON scalar, numbers past every Java type and tokens JSON does not allow included. */
  static Arbitrary<Object> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.just(JsonText.NULL),
        Arbitraries.of(true, false),
        Arbitraries.integers().map(Object.class::cast),
        Arbitraries.longs().map(Object.class::cast),
        Arbitraries.of(
                0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE)
            .map(Object.class::cast),
        Arbitraries.doubles().map(Object.class::cast),
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
            .map(Object.class::cast),
        Arbitraries.of(
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
        text().map(Object.class::cast),
        invalidUtf8().map(Object.class::cast));
  }

  /** Bytes that are no UTF-8: stray continuation bytes, overlong forms, encoded surrogates. */
  static Arbitrary<JsonText.Bytes> invalidUtf8() {
    return Arbitraries.oneOf(
            Arbitraries.of(
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {'a', 0, 'b'}),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(16))
        .map(JsonText.Bytes::new);
  }

  /** Any JSON value, nested up to {@code depth} levels. */
  static Arbitrary<Object> json(int depth) {
    if (depth == 0) {
      return scalar();
    }
    Arbitrary<Object> inner = Arbitraries.lazy(() -> json(depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(5, scalar()),
        Tuple.of(2, inner.list().ofMaxSize(4).map(Object.class::cast)),
        Tuple.of(2, Arbitraries.maps(shortText(), inner).ofMaxSize(4).map(Object.class::cast)),
        Tuple.of(1, deeplyNested()));
  }

  static Arbitrary<Object> json() {
    return json(3);
  }

  /** Arrays and objects nested up to 5,000 deep (past the parser's nesting limit). */
  static Arbitrary<Object> deeplyNested() {
    return Combinators.combine(
            Arbitraries.integers().between(2, 5_000), Arbitraries.of(true, false))
        .as(JsonText.Nested::new);
  }

  /** A field's plausible value (one the field accepts, or nearly so), or the field left out. */
  static Arbitrary<Object> field(Arbitrary<?> plausible) {
    return Arbitraries.frequencyOf(
        Tuple.of(5, plausible.map(Object.class::cast)),
        Tuple.of(1, Arbitraries.just(Absent.FIELD)));
  }

  /** A field that is usually left out (a knob that does not combine with others). */
  static Arbitrary<Object> rarely(Arbitrary<?> plausible) {
    return Arbitraries.frequencyOf(
        Tuple.of(1, plausible.map(Object.class::cast)),
        Tuple.of(4, Arbitraries.just(Absent.FIELD)));
  }

  /** An object from named fields, each plausible or absent (for the parts of a body). */
  static Arbitrary<Object> plainObject(Map<String, Arbitrary<Object>> fields) {
    List<String> names = new ArrayList<>(fields.keySet());
    return Combinators.combine(names.stream().map(fields::get).toList())
        .as(
            list -> {
              Map<String, Object> object = new LinkedHashMap<>();
              for (int i = 0; i < names.size(); i++) {
                object.put(names.get(i), list.get(i));
              }
              return (Object) object;
            });
  }

  /**
   * A body from named fields: every field plausible or absent, or one or two of them replaced by
   * any JSON value (a third of the time); sometimes with an unknown field too. Bodies whose fields
   * are all plausible reach the service's storage, so what it keeps of them can be read back.
   */
  static Arbitrary<Object> object(Map<String, Arbitrary<Object>> fields) {
    List<String> names = new ArrayList<>(fields.keySet());
    List<Arbitrary<Object>> values = names.stream().map(fields::get).toList();
    Arbitrary<Map<String, Object>> plausible =
        Combinators.combine(values)
            .as(
                list -> {
                  Map<String, Object> body = new LinkedHashMap<>();
                  for (int i = 0; i < names.size(); i++) {
                    body.put(names.get(i), list.get(i));
                  }
                  return body;
                });
    Arbitrary<List<Integer>> victims =
        Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just(List.<Integer>of())),
            Tuple.of(
                1,
                Arbitraries.integers()
                    .between(0, names.size() - 1)
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(2)));
    Arbitrary<Object> extra =
        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(Absent.FIELD)), Tuple.of(1, json(1)));
    return Combinators.combine(plausible, victims, json().list().ofSize(2), shortText(), extra)
        .as(
            (body, corrupted, junk, name, value) -> {
              for (int i = 0; i < corrupted.size(); i++) {
                body.put(names.get(corrupted.get(i)), junk.get(i));
              }
              if (!(value instanceof Absent) && !body.containsKey(name)) {
                body.put(name, value);
              }
              return (Object) body;
            });
  }

  /** A request body: mostly {@code object}, sometimes any JSON value at all. */
  static Arbitrary<Object> body(Arbitrary<Object> object) {
    return Arbitraries.frequencyOf(Tuple.of(9, object), Tuple.of(1, json()));
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
