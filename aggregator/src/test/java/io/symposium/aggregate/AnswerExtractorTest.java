package io.symposium.aggregate;

import static io.symposium.aggregate.ExtractionMode.LENIENT;
import static io.symposium.aggregate.ExtractionMode.STRICT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every extraction rule of README "Extraction modes", strict and lenient, per task format. */
final class AnswerExtractorTest {

  static final Question FOUR =
      Question.of(
          "Which is even? The options are: (A) 1 (B) 2 (C) 3 (D) 5", TaskFormat.MULTIPLE_CHOICE);
  static final Question TEN =
      new Question("Pick one.", TaskFormat.MULTIPLE_CHOICE, java.util.List.of());
  static final Question AIME = Question.of("Find m+n.", TaskFormat.INTEGER);
  static final Question FREE = Question.of("Reverse 'cevg'.", TaskFormat.FREE_TEXT);

  static String mc(ExtractionMode mode, Question question, String text) {
    return AnswerExtractor.multipleChoice(mode).extract(question, text).orElse("N/A");
  }

  static String integer(ExtractionMode mode, String text) {
    return AnswerExtractor.integer(mode).extract(AIME, text).orElse("N/A");
  }

  static String free(ExtractionMode mode, String text) {
    return AnswerExtractor.freeText(mode).extract(FREE, text).orElse("N/A");
  }

  /**
   * research/symbolic-moe.md §1.11's table, read leniently; the one deviation (J, where the
   * reference gave I) is deliberate.
   */
  static Stream<Arguments> referenceTable() {
    return Stream.of(
        Arguments.of("so the answer is (B).", FOUR, "B"),
        Arguments.of("The answer is B", FOUR, "B"),
        Arguments.of("A) wrong. The answer is (C)", FOUR, "C"),
        Arguments.of("(B) looks right. Answer: D", FOUR, "B"),
        Arguments.of("The answer is J. I am confident", TEN, "J"),
        Arguments.of("no letters here", FOUR, "N/A"),
        Arguments.of("", FOUR, "N/A"));
  }

  @ParameterizedTest(name = "\"{0}\" -> {2}")
  @MethodSource("referenceTable")
  void multipleChoiceLenient_referenceTable_sameLetterExceptThePronounCase(
      String text, Question question, String expected) {
    assertThat(mc(LENIENT, question, text)).isEqualTo(expected);
  }

  @Test
  void multipleChoiceStrict_canonicalSentence_readsLetter() {
    assertThat(mc(STRICT, FOUR, "2 is even. The answer is (B)")).isEqualTo("B");
    assertThat(mc(STRICT, FOUR, "**the answer is (D)**")).isEqualTo("D");
    assertThat(mc(STRICT, FOUR, "THE ANSWER IS (A)")).isEqualTo("A");
  }

  @Test
  void multipleChoiceStrict_anythingButTheCanonicalSentence_noAnswer() {
    assertThat(mc(STRICT, FOUR, "The answer is B")).isEqualTo("N/A");
    assertThat(mc(STRICT, FOUR, "Answer: (B)")).isEqualTo("N/A");
    assertThat(mc(STRICT, FOUR, "(B) looks right")).isEqualTo("N/A");
    assertThat(mc(STRICT, FOUR, "The answer is: (B)")).isEqualTo("N/A");
    assertThat(mc(STRICT, FOUR, "The answer is (b)")).isEqualTo("N/A");
    assertThat(mc(STRICT, FOUR, "The answer is (X), where X is a letter")).isEqualTo("N/A");
  }

  @Test
  void multipleChoice_severalAnswerSentences_lastWins() {
    String text = "At first the answer is (A). Wait, 1 is odd, so the answer is (B)";
    assertThat(mc(STRICT, FOUR, text)).isEqualTo("B");
    assertThat(mc(LENIENT, FOUR, text)).isEqualTo("B");
  }

  @Test
  void multipleChoice_letterBeyondTheOptions_strictNoAnswerLenientLastValidLetter() {
    String text = "Option (A) is tempting, but the answer is (E)";
    assertThat(mc(STRICT, FOUR, text)).isEqualTo("N/A");
    assertThat(mc(LENIENT, FOUR, text)).isEqualTo("A");
    assertThat(mc(STRICT, TEN, text)).isEqualTo("E");
    assertThat(mc(STRICT, FOUR, "The answer is (B). No: the answer is (F)")).isEqualTo("N/A");
    assertThat(mc(LENIENT, FOUR, "The answer is (B). No: the answer is (F)")).isEqualTo("B");
  }

  @Test
  void multipleChoiceLenient_lowerCaseLetters_readWhenTheyAreTheAnswer() {
    assertThat(mc(LENIENT, FOUR, "the answer is (c)")).isEqualTo("C");
    assertThat(mc(LENIENT, FOUR, "Answer: b")).isEqualTo("B");
    assertThat(mc(LENIENT, FOUR, "answer is d.")).isEqualTo("D");
    assertThat(mc(LENIENT, FOUR, "answer: (a)")).isEqualTo("A");
  }

  @Test
  void multipleChoiceLenient_articleAfterAnswerIs_notALetter() {
    assertThat(mc(LENIENT, FOUR, "the answer is a bit unclear")).isEqualTo("N/A");
    assertThat(mc(LENIENT, FOUR, "I think the answer is a bit unclear, maybe C")).isEqualTo("C");
  }

  @Test
  void multipleChoiceLenient_answerStatements_read() {
    assertThat(mc(LENIENT, FOUR, "Final answer: C")).isEqualTo("C");
    assertThat(mc(LENIENT, FOUR, "The answer is option D.")).isEqualTo("D");
    assertThat(mc(LENIENT, FOUR, "The answer is **B**")).isEqualTo("B");
  }

  @Test
  void multipleChoiceLenient_letterWithParenthesis_beatsLaterAnswerStatement() {
    assertThat(mc(LENIENT, FOUR, "C) fits. Answer: D")).isEqualTo("C");
  }

  @Test
  void multipleChoiceLenient_lettersInsideWords_ignored() {
    assertThat(mc(LENIENT, FOUR, "Because DNA is Big")).isEqualTo("N/A");
    assertThat(mc(LENIENT, FOUR, "PCR) was used")).isEqualTo("N/A");
  }

  @Test
  void multipleChoiceLenient_lastStandaloneLetter_read() {
    assertThat(mc(LENIENT, FOUR, "Between B and C I pick C")).isEqualTo("C");
    assertThat(mc(LENIENT, FOUR, "C is right, I think")).isEqualTo("C");
    assertThat(mc(LENIENT, FOUR, "A good choice is D")).isEqualTo("D");
  }

  @Test
  void integerStrict_boxed_readNumerically() {
    assertThat(integer(STRICT, "so m+n = 33, and the answer is \\boxed{33}")).isEqualTo("33");
    assertThat(integer(STRICT, "\\boxed{042}")).isEqualTo("42");
    assertThat(integer(STRICT, "\\boxed{ 7 }")).isEqualTo("7");
    assertThat(integer(STRICT, "\\boxed{1,000}")).isEqualTo("1000");
    assertThat(integer(STRICT, "\\boxed{1\\,000}")).isEqualTo("1000");
    assertThat(integer(STRICT, "\\boxed{1{,}000}")).isEqualTo("1000");
    assertThat(integer(STRICT, "\\boxed{$204$}")).isEqualTo("204");
    assertThat(integer(STRICT, "\\boxed{\\text{17}}")).isEqualTo("17");
    assertThat(integer(STRICT, "\\boxed {-5}")).isEqualTo("-5");
    assertThat(integer(STRICT, "\\boxed{12.0}")).isEqualTo("12");
  }

  @Test
  void integerStrict_notAWholeNumberInTheLastBox_noAnswer() {
    assertThat(integer(STRICT, "\\boxed{3, 5}")).isEqualTo("N/A");
    assertThat(integer(STRICT, "\\boxed{\\frac{1}{2}}")).isEqualTo("N/A");
    assertThat(integer(STRICT, "\\boxed{12} then \\boxed{x+1}")).isEqualTo("N/A");
    assertThat(integer(STRICT, "\\boxed{12")).isEqualTo("N/A");
    assertThat(integer(STRICT, "The answer is 12")).isEqualTo("N/A");
    assertThat(integer(STRICT, "\\fbox{12}")).isEqualTo("N/A");
  }

  @Test
  void integer_severalBoxes_lastWins() {
    assertThat(integer(STRICT, "\\boxed{5} is wrong; \\boxed{{12}}")).isEqualTo("12");
    assertThat(integer(LENIENT, "\\boxed{5} is wrong; \\boxed{12}")).isEqualTo("12");
  }

  @Test
  void integerLenient_fallbacksInOrder() {
    assertThat(integer(LENIENT, "\\boxed{12} then \\boxed{x+1}")).isEqualTo("12");
    assertThat(integer(LENIENT, "\\fbox{077}")).isEqualTo("77");
    assertThat(integer(LENIENT, "The answer is 204. I checked 3 cases.")).isEqualTo("204");
    assertThat(integer(LENIENT, "Final answer: $033$")).isEqualTo("33");
    assertThat(integer(LENIENT, "answer = -4")).isEqualTo("-4");
    assertThat(integer(LENIENT, "We get 3 pairs, so 45 in all.")).isEqualTo("45");
  }

  @Test
  void integerLenient_decimalsWordsAndRanges_notStandaloneNumbers() {
    assertThat(integer(LENIENT, "about 3.5")).isEqualTo("N/A");
    assertThat(integer(LENIENT, "the x2 term")).isEqualTo("N/A");
    assertThat(integer(LENIENT, "between 3-5 units")).isEqualTo("3");
    assertThat(integer(LENIENT, "no number")).isEqualTo("N/A");
  }

  @Test
  void freeTextStrict_boxed_cleaned() {
    assertThat(free(STRICT, "reversed: gvec. The answer is \\boxed{gvec}")).isEqualTo("gvec");
    assertThat(free(STRICT, "\\boxed{\\text{ New York }}")).isEqualTo("New York");
    assertThat(free(STRICT, "The answer is gvec")).isEqualTo("N/A");
    assertThat(free(STRICT, "\\boxed{}")).isEqualTo("N/A");
  }

  @Test
  void freeTextLenient_answerStatement_restOfLine() {
    assertThat(free(LENIENT, "Thinking.\nThe answer is gvec.\nDone")).isEqualTo("gvec");
    assertThat(free(LENIENT, "Answer: \"blue\"")).isEqualTo("blue");
    assertThat(free(LENIENT, "\\fbox{red}")).isEqualTo("red");
    assertThat(free(LENIENT, "nothing stated")).isEqualTo("N/A");
  }

  @Test
  void forFormat_eachQuestionsFormat_itsOwnExtractor() {
    AnswerExtractor extractor = AnswerExtractor.forFormat(STRICT);
    assertThat(extractor.extract(FOUR, "The answer is (B), not \\boxed{3}")).contains("B");
    assertThat(extractor.extract(AIME, "The answer is (B), not \\boxed{3}")).contains("3");
    assertThat(extractor.extract(FREE, "The answer is (B), not \\boxed{3}")).contains("3");
  }
}
