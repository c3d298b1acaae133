package io.symposium.pool.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class GgufVocabularyTest {

  private static final GgufVocabulary CHARS = GgufVocabulary.charLevel();

  /**
   * Id of a printable ASCII character in the char-level layout, derived by hand: 260 + (c - '!').
   */
  private static int id(char c) {
    return 260 + (c - '!');
  }

  @Test
  void charLevel_layout_matchesTheSpmConvention() {
    assertThat(CHARS.size()).isEqualTo(354).isEqualTo(GgufVocabulary.CHAR_LEVEL_SIZE);
    assertThat(CHARS.tokens().subList(0, 4)).containsExactly("<unk>", "<s>", "</s>", "<0x00>");
    assertThat(CHARS.tokens().get(258)).isEqualTo("<0xFF>");
    assertThat(CHARS.tokens().get(259)).isEqualTo("\u2581");
    assertThat(CHARS.tokens().get(260)).isEqualTo("!");
    assertThat(CHARS.tokens().get(353)).isEqualTo("~");
    assertThat(CHARS.types().subList(0, 4))
        .containsExactly(
            GgufVocabulary.TokenType.UNKNOWN,
            GgufVocabulary.TokenType.CONTROL,
            GgufVocabulary.TokenType.CONTROL,
            GgufVocabulary.TokenType.BYTE);
    assertThat(CHARS.types().subList(259, 354)).containsOnly(GgufVocabulary.TokenType.NORMAL);
    assertThat(CHARS.tokens()).doesNotHaveDuplicates();
  }

  @Test
  void encode_asciiWithSpaces_bosThenOneTokenPerChar() {
    assertThat(CHARS.encode("Hi, you!"))
        .containsExactly(1, id('H'), id('i'), id(','), 259, id('y'), id('o'), id('u'), id('!'));
  }

  @Test
  void encode_leadingSpace_noExtraPrefix() {
    assertThat(CHARS.encode(" a")).containsExactly(1, 259, id('a'));
    assertThat(CHARS.encode("")).containsExactly(1);
  }

  @Test
  void encode_nonAsciiAndControlChars_fallBackToUtf8Bytes() {
    // é = C3 A9, newline = 0A, tab = 09, emoji = F0 9F 98 80
    assertThat(CHARS.encode("é\n\t😀"))
        .containsExactly(
            1, 3 + 0xC3, 3 + 0xA9, 3 + 0x0A, 3 + 0x09, 3 + 0xF0, 3 + 0x9F, 3 + 0x98, 3 + 0x80);
  }

  @Test
  void encode_specialTokenText_isPlainCharacters() {
    assertThat(CHARS.encode("<s>")).containsExactly(1, id('<'), id('s'), id('>'));
  }

  @Test
  void decode_encode_roundTrips() {
    String text = "Hello, world! ünïcödé\n  2+2=4";

    assertThat(CHARS.decode(CHARS.encode(text))).isEqualTo(text);
  }

  @Test
  void padded_mergeTokens_followCharsWithDescendingScores() {
    GgufVocabulary vocab = GgufVocabulary.padded(400);

    assertThat(vocab.size()).isEqualTo(400);
    assertThat(vocab.tokens().subList(0, 354)).isEqualTo(CHARS.tokens());
    assertThat(vocab.tokens().get(354)).isEqualTo("\u2581!");
    assertThat(vocab.scores().get(355)).isLessThan(vocab.scores().get(354));
    assertThat(vocab.types().get(399)).isEqualTo(GgufVocabulary.TokenType.NORMAL);
  }

  @Test
  void encode_withMerges_mergesHighestScoreFirstLikeLlamaCpp() {
    // all ▁x and xy merges plus the first ten ▁xy; ▁a outranks ab, which outranks bc
    GgufVocabulary vocab = GgufVocabulary.padded(354 + 94 + 94 * 94 + 10);
    int spaceA = vocab.tokens().indexOf("\u2581a");
    int ab = vocab.tokens().indexOf("ab");

    assertThat(vocab.encode(" ab")).containsExactly(1, spaceA, vocab.tokens().indexOf("b"));
    assertThat(vocab.encode("abc")).containsExactly(1, ab, vocab.tokens().indexOf("c"));
    assertThat(vocab.decode(vocab.encode(" abc é"))).isEqualTo(" abc é");
  }

  @Test
  void metadata_hasTheSpmKeysLlamaCppReads() {
    assertThat(CHARS.metadata())
        .containsEntry("tokenizer.ggml.model", GgufValue.string("llama"))
        .containsEntry("tokenizer.ggml.add_space_prefix", GgufValue.bool(false))
        .containsEntry("tokenizer.ggml.add_bos_token", GgufValue.bool(true))
        .containsEntry("tokenizer.ggml.add_eos_token", GgufValue.bool(false))
        .containsEntry("tokenizer.ggml.bos_token_id", GgufValue.uint32(1))
        .containsKeys(
            "tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type");
  }

  @Test
  void constructor_byteTokensMissing_rejected() {
    List<String> tokens = new ArrayList<>(CHARS.tokens());
    tokens.set(3 + 0x41, "A-byte");

    assertThatThrownBy(() -> new GgufVocabulary(tokens, CHARS.scores(), CHARS.types()))
        .hasMessageContaining("id 68 must be byte token <0x41>");
  }

  @Test
  void padded_belowCharLevel_rejected() {
    assertThatThrownBy(() -> GgufVocabulary.padded(100))
        .hasMessageContaining("below the 354 char-level tokens");
  }
}
