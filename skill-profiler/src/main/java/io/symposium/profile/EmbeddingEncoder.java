package io.symposium.profile;

import java.util.List;

/**
 * Turns short texts (keywords) into sentence embeddings for nearest-keyword mapping. Vectors need
 * not be normalised; {@link KeywordVocabulary} compares them by cosine.
 */
public interface EmbeddingEncoder {

  /** One vector per text, in order, all of the same dimension. */
  List<float[]> encodeAll(List<String> texts);

  default float[] encode(String text) {
    return encodeAll(List.of(text)).getFirst();
  }

  /**
   * all-MiniLM-L6-v2 (384 dimensions), the embedder of the reference code, run in process by ONNX
   * Runtime from the model inside the langchain4j jar: no download, no network. Loading takes about
   * a second, so make one and share it.
   */
  static EmbeddingEncoder miniLm() {
    return new MiniLmEncoder();
  }

  /**
   * {@code delegate} behind a bounded Caffeine cache of embeddings: a batch encodes only the texts
   * it has not seen, in one call to the delegate.
   */
  static EmbeddingEncoder cached(EmbeddingEncoder delegate, long maximumSize) {
    return new CachedEncoder(delegate, maximumSize);
  }
}
