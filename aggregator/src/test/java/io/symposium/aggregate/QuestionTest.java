package io.symposium.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class QuestionTest {

  @Test
  void detect_optionsAndLetterGold_multipleChoiceWithOptions() {
    Question q = Question.detect("What is 2+2? The options are: (A) 3 (B) 4 (C) 5 (D) 22", "B");
    assertThat(q.format()).isEqualTo(TaskFormat.MULTIPLE_CHOICE);
    assertThat(q.options()).containsExactly("3", "4", "5", "22");
    assertThat(q.optionCount()).isEqualTo(4);
  }

  @Test
  void detect_parenthesisedLetterInsideAnOption_notANewOption() {
    Question q =
        Question.detect(
            "Which is not involved?\n\n"
                + "The options are: (A) lariat (B) poly(A) tail (C) antisense (D) R-loops",
            "D");
    assertThat(q.options()).containsExactly("lariat", "poly(A) tail", "antisense", "R-loops");
  }

  @Test
  void detect_integerGold_integer() {
    assertThat(TaskFormat.detect("Find $m+n$.", "033")).isEqualTo(TaskFormat.INTEGER);
    assertThat(TaskFormat.detect("How many minutes are in 8 hours?", "480"))
        .isEqualTo(TaskFormat.INTEGER);
  }

  @Test
  void detect_otherGold_freeText() {
    assertThat(TaskFormat.detect("What is 'cevg' reversed?", "gvec"))
        .isEqualTo(TaskFormat.FREE_TEXT);
    assertThat(TaskFormat.detect("Name a letter.", "B")).isEqualTo(TaskFormat.FREE_TEXT);
  }

  @Test
  void detect_letterGoldBeyondTheOptions_rejected() {
    assertThatThrownBy(() -> TaskFormat.detect("Pick. The options are: (A) x (B) y", "E"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'E'")
        .hasMessageContaining("2 options");
  }

  @Test
  void question_invalid_rejected() {
    assertThatThrownBy(() -> Question.of(" ", TaskFormat.INTEGER)).hasMessageContaining("blank");
    assertThatThrownBy(() -> new Question("q", TaskFormat.INTEGER, List.of("a", "b")))
        .hasMessageContaining("no options");
    assertThatThrownBy(() -> new Question("q", TaskFormat.MULTIPLE_CHOICE, List.of("a")))
        .hasMessageContaining("2 to 10");
  }

  @Test
  void multipleChoiceWithoutListedOptions_lettersAToJ() {
    assertThat(Question.of("Pick one.", TaskFormat.MULTIPLE_CHOICE).optionCount()).isEqualTo(10);
  }

  @Test
  void detect_queryListingOptions_multipleChoice() {
    Question q = Question.detect("What is 3 + 4? The options are: (A) 6 (B) 7 (C) 8");
    assertThat(q.format()).isEqualTo(TaskFormat.MULTIPLE_CHOICE);
    assertThat(q.options()).containsExactly("6", "7", "8");
  }

  @Test
  void detect_queryWithALoneOption_freeText() {
    assertThat(TaskFormat.detect("What does (A) stand for here?")).isEqualTo(TaskFormat.FREE_TEXT);
    assertThat(Question.detect("Reverse the word cat.").format()).isEqualTo(TaskFormat.FREE_TEXT);
  }
}
