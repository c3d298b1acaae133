package io.symposium.pool.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A SentencePiece-style ("llama") vocabulary as llama.cpp reads it from {@code tokenizer.ggml.*},
 * with a pure-Java tokenizer that produces the ids llama.cpp's SPM tokenizer will.
 *
 * <p>{@link #charLevel()} is the vocabulary the expert zoo trains on: {@code <unk>} (id 0), {@code
 * <s>} (1), {@code </s>} (2), the 256 byte tokens {@code <0x00>}…{@code <0xFF>} (ids 3–258), then
 * {@code ▁} (U+2581, a space; id 259) and each printable ASCII character 0x21–0x7E as its own token
 * (ids 260–353). With {@code add_space_prefix=false} and no multi-character tokens, llama.cpp
 * tokenizes text character by character. {@link #padded(int)} appends multi-character tokens
 * ({@code ▁x}, {@code xy}, {@code ▁xy}, {@code xyz}) with descending scores to reach a vocabulary
 * size, which makes llama.cpp merge them; {@link #encode} mimics those merges too.
 *
 * @param tokens token texts by id
 * @param scores SentencePiece scores by id (higher merges first)
 * @param types token types by id
 */
public record GgufVocabulary(List<String> tokens, List<Float> scores, List<TokenType> types) {

  /** Token ids of the special tokens, fixed by this vocabulary layout. */
  public static final int UNKNOWN_ID = 0;

  public static final int BOS_ID = 1;
  public static final int EOS_ID = 2;

  /** Id of byte token {@code <0x00>}; byte b is {@code FIRST_BYTE_ID + b}. */
  public static final int FIRST_BYTE_ID = 3;

  /** Id of {@code ▁}, which stands for a space. */
  public static final int SPACE_ID = FIRST_BYTE_ID + 256;

  /** The size of {@link #charLevel()}: 3 specials, 256 bytes, ▁ and 94 printable characters. */
  public static final int CHAR_LEVEL_SIZE = SPACE_ID + 1 + ('~' - '!' + 1);

  static final String SPACE = "\u2581";

  /** llama.cpp's {@code llama_token_type} values, stored in {@code tokenizer.ggml.token_type}. */
  public enum TokenType {
    UNDEFINED,
    NORMAL,
    UNKNOWN,
    CONTROL,
    USER_DEFINED,
    UNUSED,
    BYTE;

    /** The id written in the file. */
    public int id() {
      return ordinal();
    }
  }

  public GgufVocabulary {
    tokens = List.copyOf(tokens);
    scores = List.copyOf(scores);
    types = List.copyOf(types);
    if (tokens.size() != scores.size() || tokens.size() != types.size()) {
      throw new IllegalArgumentException(
          "tokens, scores and types differ in length: %d/%d/%d"
              .formatted(tokens.size(), scores.size(), types.size()));
    }
    if (tokens.size() < CHAR_LEVEL_SIZE) {
      throw new IllegalArgumentException(
          "a vocabulary needs at least the %d char-level tokens, got %d"
              .formatted(CHAR_LEVEL_SIZE, tokens.size()));
    }
    if (types.get(UNKNOWN_ID) != TokenType.UNKNOWN
        || types.get(BOS_ID) != TokenType.CONTROL
        || types.get(EOS_ID) != TokenType.CONTROL) {
      throw new IllegalArgumentException("ids 0, 1, 2 must be the unknown, BOS and EOS tokens");
    }
    for (int b = 0; b < 256; b++) {
      if (!tokens.get(FIRST_BYTE_ID + b).equals(byteToken(b))
          || types.get(FIRST_BYTE_ID + b) != TokenType.BYTE) {
        throw new IllegalArgumentException(
            "id %d must be byte token %s".formatted(FIRST_BYTE_ID + b, byteToken(b)));
      }
    }
    if (new HashSet<>(tokens).size() != tokens.size()) {
      throw new IllegalArgumentException("token texts must be unique");
    }
  }

  /** The char-level vocabulary ({@value #CHAR_LEVEL_SIZE} tokens, no merges). */
  public static GgufVocabulary charLevel() {
    return padded(CHAR_LEVEL_SIZE);
  }

  /** The char-level vocabulary followed by multi-character tokens up to {@code size} tokens. */
  public static GgufVocabulary padded(int size) {
    if (size < CHAR_LEVEL_SIZE) {
      throw new IllegalArgumentException(
          "vocabulary size %d is below the %d char-level tokens".formatted(size, CHAR_LEVEL_SIZE));
    }
    List<String> tokens = new ArrayList<>(size);
    List<Float> scores = new ArrayList<>(size);
    List<TokenType> types = new ArrayList<>(size);
    tokens.addAll(List.of("<unk>", "<s>", "</s>"));
    types.addAll(List.of(TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL));
    for (int b = 0; b < 256; b++) {
      tokens.add(byteToken(b));
      types.add(TokenType.BYTE);
    }
    while (scores.size() < tokens.size()) {
      scores.add(0f);
    }
    List<String> printable = new ArrayList<>();
    for (char c = '!'; c <= '~'; c++) {
      printable.add(String.valueOf(c));
    }
    List<String> normal = new ArrayList<>();
    normal.add(SPACE);
    normal.addAll(printable);
    // merges, most preferred first: ▁x, xy, ▁xy, xyz
    int needed = size - CHAR_LEVEL_SIZE;
    List<String> merges = new ArrayList<>();
    for (String x : printable) {
      if (merges.size() >= needed) break;
      merges.add(SPACE + x);
    }
    for (String x : printable) {
      for (String y : printable) {
        if (merges.size() >= needed) break;
        merges.add(x + y);
      }
    }
    for (String x : printable) {
      for (String y : printable) {
        if (merges.size() >= needed) break;
        merges.add(SPACE + x + y);
      }
    }
    outer:
    for (String x : printable) {
      for (String y : printable) {
        for (String z : printable) {
          if (merges.size() >= needed) break outer;
          merges.add(x + y + z);
        }
      }
    }
    if (merges.size() < needed) {
      throw new IllegalArgumentException(
          "vocabulary size %d is too large for the padding scheme".formatted(size));
    }
    normal.addAll(merges);
    float score = -1f;
    for (String text : normal) {
      tokens.add(text);
      types.add(TokenType.NORMAL);
      scores.add(score);
      score -= 1f;
    }
    return new GgufVocabulary(tokens, scores, types);
  }

  /** The text of byte token {@code b}: {@code <0xAB>} with two upper-case hex digits. */
  static String byteToken(int b) {
    return "<0x%02X>".formatted(b);
  }

  /** The number of tokens. */
  public int size() {
    return tokens.size();
  }

  /**
   * The {@code tokenizer.ggml.*} metadata llama.cpp b4916 reads for an SPM tokenizer, in write
   * order: model "llama", tokens, scores, token types, unknown/bos/eos ids 0/1/2, add_bos_token
   * true, add_eos_token false and add_space_prefix false (so no ▁ is put before the text).
   */
  public Map<String, GgufValue> metadata() {
    Map<String, GgufValue> kv = new LinkedHashMap<>();
    kv.put("tokenizer.ggml.model", GgufValue.string("llama"));
    kv.put("tokenizer.ggml.tokens", GgufValue.strings(tokens));
    float[] s = new float[scores.size()];
    int[] t = new int[types.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = scores.get(i);
      t[i] = types.get(i).id();
    }
    kv.put("tokenizer.ggml.scores", GgufValue.float32s(s));
    kv.put("tokenizer.ggml.token_type", GgufValue.int32s(t));
    kv.put("tokenizer.ggml.unknown_token_id", GgufValue.uint32(UNKNOWN_ID));
    kv.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(BOS_ID));
    kv.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(EOS_ID));
    kv.put("tokenizer.ggml.add_bos_token", GgufValue.bool(true));
    kv.put("tokenizer.ggml.add_eos_token", GgufValue.bool(false));
    kv.put("tokenizer.ggml.add_space_prefix", GgufValue.bool(false));
    return kv;
  }

  /**
   * The token ids llama.cpp's SPM tokenizer produces for {@code text} with {@code add_special=true}
   * and {@code parse_special=false}: BOS, then the text with each space as ▁, split into
   * characters, adjacent symbols merged while their concatenation is a token (highest score first,
   * leftmost on ties), and every symbol that is not a token written as its UTF-8 byte tokens.
   *
   * <p>With {@link #charLevel()} that is exactly: space → ▁, printable ASCII → its own token,
   * anything else → its UTF-8 bytes.
   */
  public int[] encode(String text) {
    Map<String, Integer> ids = index();
    String escaped = text.replace(" ", SPACE);
    List<String> symbols = new ArrayList<>(escaped.length());
    escaped.codePoints().forEach(cp -> symbols.add(Character.toString(cp)));
    // Picking the best adjacent pair each round is what llama.cpp's bigram queue does: it pops the
    // highest score, ties go to the lower left index, and stale entries are skipped.
    while (symbols.size() > 1) {
      int best = -1;
      float bestScore = Float.NEGATIVE_INFINITY;
      for (int i = 0; i + 1 < symbols.size(); i++) {
        Integer id = ids.get(symbols.get(i) + symbols.get(i + 1));
        if (id != null && (best < 0 || scores.get(id) > bestScore)) {
          best = i;
          bestScore = scores.get(id);
        }
      }
      if (best < 0) {
        break;
      }
      symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
    }
    int[] out = new int[symbols.size() * 4 + 1];
    int n = 0;
    out[n++] = BOS_ID;
    for (String symbol : symbols) {
      Integer id = ids.get(symbol);
      if (id != null) {
        out[n++] = id;
      } else {
        for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
          out[n++] = FIRST_BYTE_ID + (b & 0xFF);
        }
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The text of {@code ids}: ▁ becomes a space, byte tokens become bytes, control tokens vanish.
   */
  public String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int id : ids) {
      Objects.checkIndex(id, tokens.size());
      switch (types.get(id)) {
        case BYTE -> bytes.write(id - FIRST_BYTE_ID);
        case NORMAL, USER_DEFINED ->
            bytes.writeBytes(tokens.get(id).replace(SPACE, " ").getBytes(StandardCharsets.UTF_8));
        default -> {}
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private Map<String, Integer> index() {
    Map<String, Integer> ids = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < tokens.size(); i++) {
      ids.put(tokens.get(i), i);
    }
    return ids;
  }
}
