package io.symposium.pool.llamacpp.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TextAssemblerTest {

  @Test
  void append_euroSplitAcrossThreeTokens_heldUntilComplete() {
    TextAssembler text = new TextAssembler(List.of());
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);

    assertThat(text.append(new byte[] {euro[0]})).isEmpty();
    assertThat(text.append(new byte[] {euro[1]})).isEmpty();
    assertThat(text.append(new byte[] {euro[2], 'x'})).isEqualTo("€x");
    assertThat(text.finish()).isEmpty();
  }

  @Test
  void append_invalidBytes_replacedAtOnce() {
    TextAssembler text = new TextAssembler(List.of());

    assertThat(text.append(new byte[] {(byte) 0x80, 'a'})).isEqualTo("\uFFFDa");
  }

  @Test
  void finish_unfinishedCharacter_becomesReplacement() {
    TextAssembler text = new TextAssembler(List.of());
    text.append("a".getBytes(StandardCharsets.UTF_8));
    text.append(new byte[] {(byte) 0xE2, (byte) 0x82});

    assertThat(text.finish()).isEqualTo("\uFFFD");
    assertThat(text.text()).isEqualTo("a\uFFFD");
  }

  @Test
  void append_stopStringAcrossPieces_cutBeforeIt() {
    TextAssembler text = new TextAssembler(List.of("STOP"));
    StringBuilder streamed = new StringBuilder();

    streamed.append(text.append(bytes("hello ST")));
    assertThat(streamed).hasToString("hello ");
    streamed.append(text.append(bytes("OP and more")));

    assertThat(text.stopped()).isTrue();
    streamed.append(text.finish());
    assertThat(text.text()).isEqualTo("hello ");
    assertThat(streamed).hasToString("hello ");
  }

  @Test
  void append_falseStartOfStopString_releasedWhenItCannotMatch() {
    TextAssembler text = new TextAssembler(List.of("STOP"));

    assertThat(text.append(bytes("a ST"))).isEqualTo("a ");
    assertThat(text.append(bytes("ART"))).isEqualTo("START");
    assertThat(text.stopped()).isFalse();
  }

  @Test
  void piecesConcatenated_alwaysEqualText() {
    TextAssembler text = new TextAssembler(List.of("</end>", "zz"));
    StringBuilder streamed = new StringBuilder();
    for (String piece : List.of("ab", "<", "/e", "x", "ü", "z", "q", "</en", "d>", "tail")) {
      streamed.append(text.append(bytes(piece)));
    }
    streamed.append(text.finish());

    assertThat(streamed.toString()).isEqualTo(text.text()).isEqualTo("ab</exüzq");
  }

  @Test
  void completePrefix_countsOnlyFinishedCharacters() {
    assertThat(TextAssembler.completePrefix(new byte[] {'a', (byte) 0xF0, (byte) 0x9F}))
        .isEqualTo(1);
    assertThat(
            TextAssembler.completePrefix(
                new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}))
        .isEqualTo(4);
    assertThat(TextAssembler.completePrefix(new byte[] {'a', 'b'})).isEqualTo(2);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
