package io.symposium.evals.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.evals.synth.SkillBench;
import io.symposium.evals.synth.SkillItem;
import io.symposium.evals.synth.TrainingText;
import io.symposium.pool.gguf.GgufVocabulary;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The training tokenizer (evals/zoo/chartok.py, whose ids for a fixed sample of benchmark texts are
 * the committed resource) and the Java GGUF vocabulary give the same ids; {@code
 * TokenizationEquivalenceIT} checks llama.cpp against the same sample.
 */
class TokenizationEquivalenceTest {

  @Test
  void charLevelEncode_equalsTheTrainingTokenizersIds() {
    List<TokenizedText> sample = TokenizedText.sample();
    GgufVocabulary vocabulary = GgufVocabulary.charLevel();

    assertThat(sample).hasSizeGreaterThan(200);
    for (TokenizedText t : sample)
      assertThat(vocabulary.encode(t.text())).as(t.text()).containsExactly(t.withBos());
  }

  @Test
  void sample_holdsTheGeneratorsBenchmarkText() {
    Set<String> testPrompts =
        SkillBench.generate(42, 50).test().stream()
            .map(SkillItem::question)
            .map(TrainingText::expertPrompt)
            .collect(Collectors.toSet());
    List<TokenizedText> sample = TokenizedText.sample();

    // the sample was drawn from the seed-42 files: its expert prompts are this generator's test
    // questions
    assertThat(sample.stream().filter(t -> testPrompts.contains(t.text())).count())
        .isGreaterThanOrEqualTo(100);
    assertThat(sample)
        .anySatisfy(t -> assertThat(t.text()).contains(") ").contains(". The answer is ("));
    assertThat(sample).anySatisfy(t -> assertThat(t.text()).contains("\\boxed{"));
    assertThat(sample).anySatisfy(t -> assertThat(t.text()).contains("\nKeywords: "));
    assertThat(sample).anySatisfy(t -> assertThat(t.text()).contains("\nResponse 3: "));
    assertThat(sample).anySatisfy(t -> assertThat(t.text()).contains("é").contains("\t"));
  }
}
