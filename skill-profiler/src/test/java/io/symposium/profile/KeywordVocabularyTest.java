package io.symposium.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class KeywordVocabularyTest {

  /** Deterministic embeddings on three axes: numbers, the past, life. */
  static final class AxisEncoder implements EmbeddingEncoder {
    final List<List<String>> batches = new ArrayList<>();
    static final Map<String, float[]> VECTORS =
        Map.of(
            "math", new float[] {1, 0, 0},
            "history", new float[] {0, 1, 0},
            "biology", new float[] {0, 0, 1},
            "arithmetic", new float[] {0.9f, 0.1f, 0},
            "ancient rome", new float[] {0.1f, 2, 0.1f},
            "genetics", new float[] {0, 0.2f, 0.8f},
            "cooking", new float[] {0.3f, 0.3f, 0.3f});

    @Override
    public List<float[]> encodeAll(List<String> texts) {
      batches.add(List.copyOf(texts));
      return texts.stream()
          .map(
              t -> {
                float[] v = VECTORS.get(t);
                if (v == null) {
                  throw new IllegalArgumentException("no test vector for " + t);
                }
                return v.clone();
              })
          .toList();
    }
  }

  final AxisEncoder encoder = new AxisEncoder();

  @Test
  void map_rawKeywords_nearestByCosineDuplicatesKept() {
    var vocabulary = KeywordVocabulary.of(List.of("math", "history", "biology"), encoder);
    assertThat(vocabulary.map(List.of("arithmetic", "ancient rome", "genetics", "arithmetic")))
        .containsExactly("math", "history", "biology", "math");
  }

  @Test
  void of_vocabulary_embeddedInOneBatch_exactMatchesNotEmbeddedAgain() {
    var vocabulary = KeywordVocabulary.of(List.of("math", "history", "biology", "math"), encoder);
    assertThat(vocabulary.keywords()).containsExactly("math", "history", "biology");
    assertThat(encoder.batches).containsExactly(List.of("math", "history", "biology"));

    assertThat(vocabulary.match(List.of("biology", "arithmetic", "arithmetic")))
        .first()
        .isEqualTo(new KeywordVocabulary.Match("biology", "biology", 1.0));
    assertThat(encoder.batches).last().isEqualTo(List.of("arithmetic"));
  }

  @Test
  void match_similarities_cosineOfScaledVectors() {
    var vocabulary = KeywordVocabulary.of(List.of("math", "history"), encoder);
    var match = vocabulary.match(List.of("arithmetic")).getFirst();
    assertThat(match.keyword()).isEqualTo("math");
    assertThat(match.similarity())
        .isCloseTo(0.9 / Math.sqrt(0.82), org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void map_similarityFloor_dropsUnrelatedKeywords() {
    var vocabulary = KeywordVocabulary.of(List.of("math", "history", "biology"), encoder);
    assertThat(vocabulary.map(List.of("cooking", "arithmetic"))).containsExactly("math", "math");
    var floored = vocabulary.withSimilarityFloor(0.8);
    assertThat(floored.map(List.of("cooking", "arithmetic"))).containsExactly("math");
    assertThat(floored.similarityFloor()).contains(0.8);
    assertThat(floored.withoutSimilarityFloor().similarityFloor()).isEmpty();
    assertThatThrownBy(() -> vocabulary.withSimilarityFloor(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void map_emptyVocabularyOrInput_empty() {
    assertThat(KeywordVocabulary.of(List.of(), encoder).map(List.of("math"))).isEmpty();
    assertThat(KeywordVocabulary.of(List.of("math"), encoder).map(List.of())).isEmpty();
  }

  @Test
  void cached_encoder_embedsOnlyUnseenTextsInOneBatch() {
    var cached = EmbeddingEncoder.cached(encoder, 100);
    cached.encodeAll(List.of("math", "history"));
    var vectors = cached.encodeAll(List.of("history", "biology", "math", "biology"));
    assertThat(vectors).hasSize(4);
    assertThat(vectors.get(1)).containsExactly(0, 0, 1);
    assertThat(vectors.get(3)).containsExactly(0, 0, 1);
    assertThat(encoder.batches).containsExactly(List.of("math", "history"), List.of("biology"));
  }
}
