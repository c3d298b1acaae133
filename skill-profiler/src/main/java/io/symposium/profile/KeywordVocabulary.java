package io.symposium.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A task's profile vocabulary (every keyword of its validation questions) with one embedding per
 * keyword, mapping the keywords of a new question onto it.
 *
 * <p>Design note (research/symbolic-moe.md §1.3). Each raw keyword becomes its single nearest
 * vocabulary keyword by cosine similarity of sentence embeddings (top-1, ties to the earlier
 * vocabulary keyword). Duplicates are kept: two raw keywords that map to the same vocabulary
 * keyword count twice in local suitability (§1.5). A raw keyword already in the vocabulary maps to
 * itself without being embedded. An optional similarity floor (off by default, as in the reference)
 * drops raw keywords whose nearest vocabulary keyword is less similar than the floor, so an
 * off-topic keyword does not drag in an unrelated skill.
 *
 * <p>The vocabulary is embedded once, in one batch, into a single row-major matrix of unit vectors;
 * a lookup is then one dot product per vocabulary keyword (5,000 × 384 multiply-adds ≈ a
 * millisecond). Mapping is CPU work (embedding the query's unseen keywords, a few milliseconds each
 * with MiniLM unless cached); it does no I/O. Instances are immutable and thread-safe.
 */
public final class KeywordVocabulary {

  /**
   * Where one raw keyword landed.
   *
   * @param raw the keyword as given
   * @param keyword its nearest vocabulary keyword
   * @param similarity their cosine similarity, 1 for an exact match
   */
  public record Match(String raw, String keyword, double similarity) {}

  private final List<String> keywords;
  private final Map<String, Integer> index;
  private final float[] unitRows;
  private final int dimension;
  private final EmbeddingEncoder encoder;
  private final double similarityFloor;

  private KeywordVocabulary(
      List<String> keywords,
      Map<String, Integer> index,
      float[] unitRows,
      int dimension,
      EmbeddingEncoder encoder,
      double similarityFloor) {
    this.keywords = keywords;
    this.index = index;
    this.unitRows = unitRows;
    this.dimension = dimension;
    this.encoder = encoder;
    this.similarityFloor = similarityFloor;
  }

  /** Embeds {@code keywords} (duplicates dropped, order kept) in one batch of {@code encoder}. */
  public static KeywordVocabulary of(Collection<String> keywords, EmbeddingEncoder encoder) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(keywords));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      if (distinct.get(i).isBlank()) {
        throw new IllegalArgumentException("vocabulary keyword " + i + " is blank");
      }
      index.put(distinct.get(i), i);
    }
    List<float[]> vectors = encoder.encodeAll(distinct);
    if (vectors.size() != distinct.size()) {
      throw new IllegalStateException(
          "encoder %s returned %d vectors for %d keywords"
              .formatted(encoder, vectors.size(), distinct.size()));
    }
    int dimension = vectors.isEmpty() ? 0 : vectors.getFirst().length;
    float[] rows = new float[distinct.size() * dimension];
    for (int i = 0; i < vectors.size(); i++) {
      float[] v = vectors.get(i);
      if (v.length != dimension) {
        throw new IllegalStateException(
            "encoder %s gave '%s' %d dimensions, the others %d"
                .formatted(encoder, distinct.get(i), v.length, dimension));
      }
      System.arraycopy(unit(v), 0, rows, i * dimension, dimension);
    }
    return new KeywordVocabulary(
        distinct, Map.copyOf(index), rows, dimension, encoder, Double.NEGATIVE_INFINITY);
  }

  /**
   * The same vocabulary, dropping raw keywords whose best cosine similarity is below {@code floor}
   * (in [-1, 1]). The embeddings are shared, not recomputed.
   */
  public KeywordVocabulary withSimilarityFloor(double floor) {
    if (!(floor >= -1 && floor <= 1)) {
      throw new IllegalArgumentException("the similarity floor must be in [-1, 1], got " + floor);
    }
    return new KeywordVocabulary(keywords, index, unitRows, dimension, encoder, floor);
  }

  /** The same vocabulary without a similarity floor. */
  public KeywordVocabulary withoutSimilarityFloor() {
    return new KeywordVocabulary(
        keywords, index, unitRows, dimension, encoder, Double.NEGATIVE_INFINITY);
  }

  public List<String> keywords() {
    return keywords;
  }

  public int size() {
    return keywords.size();
  }

  public boolean contains(String keyword) {
    return index.containsKey(keyword);
  }

  /** The floor below which a raw keyword is dropped, or empty when there is none. */
  public Optional<Double> similarityFloor() {
    return similarityFloor == Double.NEGATIVE_INFINITY
        ? Optional.empty()
        : Optional.of(similarityFloor);
  }

  /**
   * The nearest vocabulary keyword of each raw keyword, in order, duplicates kept; raw keywords
   * under the similarity floor are left out. Empty when the vocabulary is.
   */
  public List<String> map(List<String> raw) {
    return match(raw).stream().map(Match::keyword).toList();
  }

  /** {@link #map} with each raw keyword and its similarity, for explaining a routing decision. */
  public List<Match> match(List<String> raw) {
    if (keywords.isEmpty() || raw.isEmpty()) {
      return List.of();
    }
    List<String> toEmbed = new ArrayList<>();
    for (String r : raw) {
      if (!index.containsKey(r)) {
        toEmbed.add(r);
      }
    }
    Map<String, float[]> embedded = new HashMap<>();
    if (!toEmbed.isEmpty()) {
      List<String> distinct = List.copyOf(new LinkedHashSet<>(toEmbed));
      List<float[]> vectors = encoder.encodeAll(distinct);
      for (int i = 0; i < distinct.size(); i++) {
        embedded.put(distinct.get(i), vectors.get(i));
      }
    }
    List<Match> out = new ArrayList<>(raw.size());
    for (String r : raw) {
      Integer exact = index.get(r);
      Match m =
          exact != null
              ? new Match(r, r, 1.0)
              // every keyword without an exact match was embedded above
              : nearest(r, Objects.requireNonNull(embedded.get(r), r));
      if (m.similarity() >= similarityFloor) {
        out.add(m);
      }
    }
    return List.copyOf(out);
  }

  private Match nearest(String raw, float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalStateException(
          "encoder %s gave '%s' %d dimensions, the vocabulary has %d"
              .formatted(encoder, raw, vector.length, dimension));
    }
    float[] q = unit(vector);
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int row = 0, n = keywords.size(); row < n; row++) {
      int base = row * dimension;
      double dot = 0;
      for (int d = 0; d < dimension; d++) {
        dot += unitRows[base + d] * q[d];
      }
      if (dot > bestScore) {
        bestScore = dot;
        best = row;
      }
    }
    return new Match(raw, keywords.get(best), bestScore);
  }

  /** {@code v} scaled to length 1; a zero vector stays zero (similarity 0 to everything). */
  private static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    float[] out = new float[v.length];
    if (sum == 0) {
      return out;
    }
    double inv = 1 / Math.sqrt(sum);
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] * inv);
    }
    return out;
  }

  @Override
  public String toString() {
    return "KeywordVocabulary[%d keywords, %d dimensions, %s]"
        .formatted(keywords.size(), dimension, encoder);
  }
}
