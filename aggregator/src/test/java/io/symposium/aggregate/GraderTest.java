package io.symposium.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class GraderTest {

  @Test
  void multipleChoice_lettersCaseInsensitive_correct() {
    Grader grader = Grader.multipleChoice();
    assertThat(grader.correct("b", "B")).isTrue();
    assertThat(grader.correct("(B)", "B")).isTrue();
    assertThat(grader.correct("C", "B")).isFalse();
    assertThat(grader.correct("K", "K")).isFalse();
    assertThat(grader.correct(null, "B")).isFalse();
  }

  @Test
  void integer_numericalComparison_leadingZerosAndSeparatorsIgnored() {
    Grader grader = Grader.integer();
    assertThat(grader.correct("042", "42")).isTrue();
    assertThat(grader.correct("1,000", "1000")).isTrue();
    assertThat(grader.correct("+7", "7")).isTrue();
    assertThat(grader.correct("-0", "0")).isTrue();
    assertThat(grader.correct("41", "42")).isFalse();
    assertThat(grader.correct("4.2", "42")).isFalse();
    assertThat(grader.correct("abc", "abc")).isFalse();
  }

  @Test
  void freeText_caseSpacesAndFinalPeriod_ignored() {
    Grader grader = Grader.freeText();
    assertThat(grader.correct("  GVEC. ", "gvec")).isTrue();
    assertThat(grader.correct("\\text{New  York}", "new york")).isTrue();
    assertThat(grader.correct("1.50", "1.5")).isTrue();
    assertThat(grader.correct("gvec", "cevg")).isFalse();
    assertThat(grader.correct("", "")).isFalse();
  }

  @Test
  void forFormat_eachFormat_itsGrader() {
    assertThat(Grader.forFormat(TaskFormat.INTEGER).correct("007", "7")).isTrue();
    assertThat(Grader.forFormat(TaskFormat.MULTIPLE_CHOICE).correct("d", "D")).isTrue();
    assertThat(Grader.forFormat(TaskFormat.FREE_TEXT).correct("Blue", "blue")).isTrue();
  }
}
