package io.symposium.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class KeywordExtractorTest {

  @Test
  void parse_labelledAnswer_textAfterLastLabelSplitOnCommas() {
    assertThat(
            KeywordExtractor.parse(
                "Sure. Keywords: <k1>, <k2>\nKeywords: Algebra, Number Theory, U.S. History."))
        .containsExactly("algebra", "number theory", "us history");
  }

  @Test
  void parse_noLabel_wholeTextSplit() {
    assertThat(KeywordExtractor.parse(" arithmetic, addition, math"))
        .containsExactly("arithmetic", "addition", "math");
  }

  @Test
  void parse_lineBreaksAndBullets_eachLineAKeyword() {
    assertThat(KeywordExtractor.parse("keywords:\n- Genetics\n* \"Cell biology\"\n\n"))
        .containsExactly("genetics", "cell biology");
  }

  @Test
  void parse_completionCutByItsTokenLimit_lastUnfinishedKeywordDropped() {
    // the zoo's 24-token cap cut this one inside "number properties"
    Completion cut = completion(" parity, number properti", Completion.FinishReason.LENGTH);
    Completion whole = completion(" parity, number properti", Completion.FinishReason.STOP);

    assertThat(KeywordExtractor.parse(cut)).containsExactly("parity");
    assertThat(KeywordExtractor.parse(whole)).containsExactly("parity", "number properti");
  }

  @Test
  void parse_cutCompletionWithoutAnySeparator_noKeyword() {
    Completion cut = completion("Keywords: arithme", Completion.FinishReason.LENGTH);

    assertThat(KeywordExtractor.parse(cut)).isEmpty();
  }

  @Test
  void parse_cutAfterTheLabel_keywordsBeforeTheLastSeparatorKept() {
    Completion cut =
        completion(
            "Keywords: <k1>\nKeywords: algebra, logic, memo", Completion.FinishReason.LENGTH);

    assertThat(KeywordExtractor.parse(cut)).containsExactly("algebra", "logic");
  }

  private static Completion completion(String text, Completion.FinishReason reason) {
    return new Completion("kw", text, 10, 24, reason, java.time.Duration.ofMillis(1));
  }

  @Test
  void normalise_punctuationCaseSpaces_canonicalForm() {
    assertThat(KeywordExtractor.normalise("  **Organic   Chemistry** "))
        .isEqualTo("organic chemistry");
    assertThat(KeywordExtractor.normalise("(Probability)")).isEqualTo("probability");
    assertThat(KeywordExtractor.normalise("problem-solving")).isEqualTo("problem-solving");
    assertThat(KeywordExtractor.normalise("Newton's laws!")).isEqualTo("newton's laws");
    assertThat(KeywordExtractor.normalise("algebra(linear)")).isEqualTo("algebra linear");
    assertThat(KeywordExtractor.normalise("C++")).isEqualTo("c++");
    assertThat(KeywordExtractor.normalise("...")).isEmpty();
  }

  @Test
  void filter_referenceThresholds_keepsShortRepeatedInFirstOrder() {
    List<List<String>> samples =
        List.of(
            List.of("geometry", "algebra", "a very long keyword indeed"),
            List.of("algebra", "trigonometry", "a very long keyword indeed"),
            List.of("geometry", "calculus"),
            List.of("trigonometry"),
            List.of());
    assertThat(KeywordExtractor.filter(samples, 20, 2))
        .containsExactly("geometry", "algebra", "trigonometry");
  }

  @Test
  void filter_configuredThresholds_applied() {
    List<List<String>> samples =
        List.of(List.of("geometry", "abcdefghijklmnopqrstuvwxyz"), List.of("calculus"));
    assertThat(KeywordExtractor.filter(samples, 30, 1))
        .containsExactly("geometry", "abcdefghijklmnopqrstuvwxyz", "calculus");
    assertThat(KeywordExtractor.filter(samples, 8, 1)).containsExactly("geometry", "calculus");
    assertThat(KeywordExtractor.filter(samples, 20, 3)).isEmpty();
  }

  @Test
  void extract_fiveSamples_distinctSeedsTemperatureAndCompactPrompt() {
    AtomicInteger n = new AtomicInteger();
    String[] answers = {
      " math, arithmetic, logic",
      " arithmetic, math",
      " Arithmetic., counting",
      " addition",
      " math"
    };
    var generator = new ScriptedGenerator((model, request) -> answers[n.getAndIncrement() % 5]);
    var extractor =
        KeywordExtractor.create(
            generator,
            "kw",
            ProfilingPrompts.compact(),
            KeywordExtractor.Settings.defaults().withSampling(0.7, 100));

    assertThat(extractor.extract("What is 2+3?").block()).containsExactly("math", "arithmetic");

    List<CompletionRequest> requests =
        generator.calls.stream().map(ScriptedGenerator.Call::request).toList();
    assertThat(requests)
        .hasSize(5)
        .allSatisfy(
            r -> {
              assertThat(r.prompt()).isEqualTo("Question: What is 2+3?\nKeywords:");
              assertThat(r.temperature()).isEqualTo(0.7);
              assertThat(r.stop()).containsExactly("\n");
            });
    assertThat(requests)
        .extracting(CompletionRequest::seed)
        .containsExactlyInAnyOrder(100L, 101L, 102L, 103L, 104L);
    assertThat(generator.calls).extracting(ScriptedGenerator.Call::modelId).containsOnly("kw");
  }

  @Test
  void extract_sameQuestionTwice_answeredFromCache() {
    var generator = new ScriptedGenerator((model, request) -> "Keywords: biology, genetics");
    var extractor =
        KeywordExtractor.create(
            generator, "kw", ProfilingPrompts.detailed(), KeywordExtractor.Settings.defaults());
    assertThat(extractor.extract("Why are leaves green?").block())
        .containsExactly("biology", "genetics");
    assertThat(extractor.extract("Why are leaves green?").block())
        .containsExactly("biology", "genetics");
    assertThat(generator.calls).hasSize(5);
    assertThat(generator.calls.getFirst().request().prompt())
        .startsWith("Question: Why are leaves green?\n")
        .contains("Keywords: <keyword1>");
  }

  @Test
  void extraction_sameQuestionTwice_firstReportsEverySampleSecondIsCachedWithNone() {
    var generator = new ScriptedGenerator((model, request) -> "Keywords: biology, genetics");
    var extractor =
        KeywordExtractor.create(
            generator, "kw", ProfilingPrompts.compact(), KeywordExtractor.Settings.defaults());

    KeywordExtractor.Extraction first = extractor.extraction("Why are leaves green?").block();
    KeywordExtractor.Extraction second = extractor.extraction("Why are leaves green?").block();

    assertThat(first).isNotNull();
    assertThat(first.cached()).isFalse();
    assertThat(first.keywords()).containsExactly("biology", "genetics");
    // one completion per sample, as the generator answered them
    assertThat(first.calls()).hasSize(5).extracting(Completion::modelId).containsOnly("kw");
    assertThat(first.calls()).extracting(Completion::promptTokens).containsOnly(1);
    assertThat(second).isNotNull();
    assertThat(second.cached()).isTrue();
    assertThat(second.calls()).isEmpty();
    assertThat(second.keywords()).isEqualTo(first.keywords());
    assertThat(generator.calls).hasSize(5);
  }

  @Test
  void extract_garbageOrDisagreeingSamples_emptyListFallback() {
    AtomicInteger n = new AtomicInteger();
    var generator =
        new ScriptedGenerator(
            (model, request) -> n.getAndIncrement() == 0 ? "!!!, ???" : "x" + n.get());
    var extractor =
        KeywordExtractor.create(
            generator, "kw", ProfilingPrompts.compact(), KeywordExtractor.Settings.defaults());
    assertThat(extractor.extract("Anything?").block()).isEmpty();
  }

  @Test
  void extract_generatorFails_errorNotCached() {
    AtomicInteger calls = new AtomicInteger();
    var generator =
        new ScriptedGenerator(
            (model, request) -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("worker restarted");
              }
              return " math, math";
            });
    var extractor =
        KeywordExtractor.create(
            generator,
            "kw",
            ProfilingPrompts.compact(),
            KeywordExtractor.Settings.defaults().withSamples(1).withThresholds(20, 1));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> extractor.extract("q").block())
        .hasMessageContaining("worker restarted");
    assertThat(extractor.extract("q").block()).containsExactly("math");
  }
}
