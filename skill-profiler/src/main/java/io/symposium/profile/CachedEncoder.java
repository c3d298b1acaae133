package io.symposium.profile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** An encoder that remembers embeddings; vectors are treated as immutable once cached. */
final class CachedEncoder implements EmbeddingEncoder {

  private final EmbeddingEncoder delegate;
  private final Cache<String, float[]> cache;

  CachedEncoder(EmbeddingEncoder delegate, long maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("embedding cache size must be >= 0, got " + maximumSize);
    }
    this.delegate = delegate;
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
  }

  @Override
  public List<float[]> encodeAll(List<String> texts) {
    Map<String, float[]> found = cache.getAll(new LinkedHashSet<>(texts), this::encodeMissing);
    List<float[]> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      float[] vector = found.get(text);
      // a cache of size 0 keeps nothing, and getAll still returns what it computed
      out.add(vector != null ? vector : delegate.encode(text));
    }
    return out;
  }

  private Map<String, float[]> encodeMissing(java.util.Set<? extends String> missing) {
    List<String> texts = List.copyOf(missing);
    List<float[]> vectors = delegate.encodeAll(texts);
    if (vectors.size() != texts.size()) {
      throw new IllegalStateException(
          "encoder %s returned %d vectors for %d texts"
              .formatted(delegate, vectors.size(), texts.size()));
    }
    Map<String, float[]> out = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      out.put(texts.get(i), vectors.get(i));
    }
    return out;
  }

  @Override
  public String toString() {
    return "cached " + delegate;
  }
}
