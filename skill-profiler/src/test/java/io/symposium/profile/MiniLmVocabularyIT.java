package io.symposium.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real all-MiniLM-L6-v2, run offline from the langchain4j jar. */
final class MiniLmVocabularyIT {

  static EmbeddingEncoder miniLm;

  @BeforeAll
  static void load() {
    miniLm = EmbeddingEncoder.miniLm();
  }

  @Test
  void map_arithmetic_nearestIsMathNotHistory() {
    var vocabulary = KeywordVocabulary.of(List.of("history", "math", "law", "biology"), miniLm);
    var matches = vocabulary.match(List.of("arithmetic", "ancient rome", "genetics", "math"));
    assertThat(matches)
        .extracting(KeywordVocabulary.Match::keyword)
        .containsExactly("math", "history", "biology", "math");
    assertThat(matches.getLast().similarity()).isEqualTo(1.0);

    float[] arithmetic = miniLm.encode("arithmetic");
    assertThat(cosine(arithmetic, miniLm.encode("math")))
        .isGreaterThan(cosine(arithmetic, miniLm.encode("history")) + 0.1);
    assertThat(arithmetic).hasSize(384);
  }

  @Test
  void of_fiveThousandKeywords_embeddedOnceInOneBatch() {
    List<String> keywords = new ArrayList<>();
    String[] qualifiers = {
      "applied",
      "theoretical",
      "clinical",
      "computational",
      "historical",
      "quantum",
      "organic",
      "modern",
      "ancient",
      "statistical"
    };
    String[] fields = {
      "physics",
      "chemistry",
      "biology",
      "law",
      "economics",
      "history",
      "algebra",
      "geometry",
      "music",
      "medicine",
      "ethics",
      "linguistics"
    };
    for (int i = 0; keywords.size() < 5_000; i++) {
      keywords.add(
          qualifiers[i % qualifiers.length]
              + " "
              + fields[(i / qualifiers.length) % fields.length]
              + " "
              + (i / (qualifiers.length * fields.length)));
    }
    long start = System.nanoTime();
    var vocabulary = KeywordVocabulary.of(keywords, EmbeddingEncoder.cached(miniLm, 10_000));
    double seconds = (System.nanoTime() - start) / 1e9;
    long mapStart = System.nanoTime();
    var mapped = vocabulary.map(List.of("clinical medicine 7", "tax law"));
    double mapMillis = (System.nanoTime() - mapStart) / 1e6;
    System.out.printf(
        "embedded %d vocabulary keywords in %.1f s on %d cores; mapped 2 keywords in %.1f ms%n",
        vocabulary.size(), seconds, Runtime.getRuntime().availableProcessors(), mapMillis);
    assertThat(vocabulary.size()).isEqualTo(5_000);
    assertThat(mapped.getFirst()).isEqualTo("clinical medicine 7");
    assertThat(mapped.getLast()).contains("law");
    assertThat(seconds).isLessThan(240);
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
