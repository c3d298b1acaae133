package io.symposium.orchestrator.fuzz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of fuzz values: a function of a seeded {@link SplittableRandom}, so that a try's seed
 * alone replays every value it drew. The fuzz suite's own small harness, in place of a
 * property-testing library (the README's Tests section says why).
 */
@FunctionalInterface
interface Gen<T> {

  T next(SplittableRandom random);

  /** A generator and its weight in {@link #frequency}. */
  record Weighted<T>(int weight, Gen<? extends T> gen) {}

  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    return random -> f.apply(next(random));
  }

  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
    return random -> f.apply(next(random)).next(random);
  }

  /** Values that pass {@code accept}; fails loudly rather than looping on a predicate too tight. */
  default Gen<T> filter(Predicate<? super T> accept) {
    return random -> {
      for (int attempt = 0; attempt < 10_000; attempt++) {
        T value = next(random);
        if (accept.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("a filter refused 10,000 values in a row");
    };
  }

  default Gen<Object> asObject() {
    return map(Object.class::cast);
  }

  default Gen<List<T>> list(int maxSize) {
    return list(0, maxSize);
  }

  default Gen<List<T>> list(int minSize, int maxSize) {
    return random -> {
      int size = random.nextInt(minSize, maxSize + 1);
      List<T> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(next(random));
      }
      return list;
    };
  }

  static <T> Gen<T> just(T value) {
    return random -> value;
  }

  @SafeVarargs
  static <T> Gen<T> of(T... values) {
    return of(Arrays.asList(values));
  }

  static <T> Gen<T> of(List<T> values) {
    List<T> copy = List.copyOf(values);
    return random -> copy.get(random.nextInt(copy.size()));
  }

  /** One of the generators, each as likely. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Gen<? extends T>> all = List.of(gens);
    return random -> all.get(random.nextInt(all.size())).next(random);
  }

  static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
    return new Weighted<>(weight, gen);
  }

  /** One of the generators, each chosen in proportion to its weight. */
  @SafeVarargs
  static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
    List<Weighted<? extends T>> all = List.of(choices);
    int total = all.stream().mapToInt(Weighted::weight).sum();
    return random -> {
      int pick = random.nextInt(total);
      for (Weighted<? extends T> choice : all) {
        pick -= choice.weight();
        if (pick < 0) {
          return choice.gen().next(random);
        }
      }
      throw new AssertionError("weights sum to " + total);
    };
  }

  /** Integers in {@code [min, max]}, both ends included. */
  static Gen<Integer> integers(int min, int max) {
    return random -> (int) random.nextLong(min, (long) max + 1);
  }

  /** Any int: small ones half the time (where off-by-one bugs live), any 32 bits otherwise. */
  static Gen<Integer> integers() {
    return frequency(weighted(1, integers(-100, 100)), weighted(1, random -> random.nextInt()));
  }

  /** Longs in {@code [min, max]}, both ends included. */
  static Gen<Long> longs(long min, long max) {
    return random -> {
      if (max < Long.MAX_VALUE) {
        return random.nextLong(min, max + 1);
      }
      if (min > Long.MIN_VALUE) {
        return random.nextLong(min - 1, max) + 1;
      }
      return random.nextLong();
    };
  }

  /** Any long: small ones half the time, any 64 bits otherwise. */
  static Gen<Long> longs() {
    return frequency(weighted(1, longs(-100, 100)), weighted(1, random -> random.nextLong()));
  }

  /** Doubles in {@code [min, max]} with two decimals (the ends included). */
  static Gen<Double> doubles(double min, double max) {
    return random -> {
      double value = min + random.nextDouble() * (max - min);
      double rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
      return Math.min(max, Math.max(min, rounded));
    };
  }

  /** Any finite double: two-decimal ones near zero, or any finite bit pattern. */
  static Gen<Double> doubles() {
    Gen<Double> bits = random -> Double.longBitsToDouble(random.nextLong());
    Gen<Double> anyBits = bits.filter(Double::isFinite);
    return frequency(
        weighted(2, doubles(-1_000, 1_000)),
        weighted(1, of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE)),
        weighted(2, anyBits));
  }

  /** Integers in {@code [min, max]} of any size. */
  static Gen<BigInteger> bigIntegers(BigInteger min, BigInteger max) {
    BigInteger span = max.subtract(min).add(BigInteger.ONE);
    int bytes = span.bitLength() / 8 + 2;
    return random -> {
      byte[] raw = new byte[bytes];
      random.nextBytes(raw);
      return new BigInteger(1, raw).mod(span).add(min);
    };
  }

  /** Byte arrays of {@code minSize} to {@code maxSize} random bytes. */
  static Gen<byte[]> bytes(int minSize, int maxSize) {
    return random -> {
      byte[] raw = new byte[random.nextInt(minSize, maxSize + 1)];
      random.nextBytes(raw);
      return raw;
    };
  }

  /** Strings of up to {@code maxLength} chars, each any UTF-16 unit (lone surrogates included). */
  static Gen<String> chars(int maxLength) {
    return random -> {
      char[] text = new char[random.nextInt(maxLength + 1)];
      for (int i = 0; i < text.length; i++) {
        text[i] = (char) random.nextInt(Character.MAX_VALUE + 1);
      }
      return new String(text);
    };
  }

  /** Maps of up to {@code maxSize} entries (distinct keys, in the order drawn). */
  static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int maxSize) {
    return random -> {
      int size = random.nextInt(maxSize + 1);
      Map<K, V> map = new LinkedHashMap<>();
      for (int attempt = 0; map.size() < size && attempt < size * 10; attempt++) {
        K key = keys.next(random);
        if (!map.containsKey(key)) {
          map.put(key, values.next(random));
        }
      }
      return map;
    };
  }
}
