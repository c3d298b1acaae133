package io.symposium.pool.gguf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A byte-level BPE vocabulary ({@code tokenizer.ggml.model = "gpt2"}), the kind Qwen3 and Llama 3
 * files carry: the 256 byte tokens in GPT-2's byte-to-character mapping, a few merges, filler
 * tokens up to the model's size, and the family's control tokens last (as in the real files).
 *
 * @param tokens token texts by id
 * @param types each token's type
 * @param merges the BPE merges, highest priority first ({@code "a b"})
 * @param pre the pre-tokenizer llama.cpp applies ({@code tokenizer.ggml.pre}: {@code qwen2}, {@code
 *     llama-bpe})
 * @param bosId the BOS token
 * @param eosId the EOS token (for an instruct model, the end of an assistant turn)
 * @param addBos whether llama.cpp puts BOS before every prompt
 */
public record BpeVocabulary(
    List<String> tokens,
    List<GgufVocabulary.TokenType> types,
    List<String> merges,
    String pre,
    int bosId,
    int eosId,
    boolean addBos) {

  private static final List<String> MERGES =
      List.of("Ġ t", "Ġ a", "h e", "i n", "r e", "o n", "Ġt he", "e r", "Ġ s", "a t");

  public BpeVocabulary {
    tokens = List.copyOf(tokens);
    types = List.copyOf(types);
    merges = List.copyOf(merges);
    if (tokens.size() != types.size()) {
      throw new IllegalArgumentException("tokens and types differ in length");
    }
    if (new HashSet<>(tokens).size() != tokens.size()) {
      throw new IllegalArgumentException("token texts must be unique");
    }
    if (bosId < 0 || bosId >= tokens.size() || eosId < 0 || eosId >= tokens.size()) {
      throw new IllegalArgumentException(
          "BOS %d / EOS %d outside the vocabulary".formatted(bosId, eosId));
    }
  }

  /**
   * {@code size} tokens ending with {@code specialTokens} (control tokens); {@code bos} and {@code
   * eos} name two of them.
   */
  public static BpeVocabulary of(
      int size, List<String> specialTokens, String bos, String eos, String pre, boolean addBos) {
    List<String> tokens = new ArrayList<>(byteTokens());
    Set<String> seen = new HashSet<>(tokens);
    for (String merge : MERGES) {
      String joined = merge.replace(" ", "");
      if (seen.add(joined)) {
        tokens.add(joined);
      }
    }
    int fixed = tokens.size() + specialTokens.size();
    if (size < fixed) {
      throw new IllegalArgumentException(
          "a byte-level BPE vocabulary with these %d control tokens needs at least %d tokens, got %d"
              .formatted(specialTokens.size(), fixed, size));
    }
    for (int i = 0; tokens.size() < size - specialTokens.size(); i++) {
      tokens.add("pad" + i);
    }
    List<GgufVocabulary.TokenType> types = new ArrayList<>();
    tokens.forEach(t -> types.add(GgufVocabulary.TokenType.NORMAL));
    for (String special : specialTokens) {
      tokens.add(special);
      types.add(GgufVocabulary.TokenType.CONTROL);
    }
    return new BpeVocabulary(
        tokens, types, MERGES, pre, tokens.indexOf(bos), tokens.indexOf(eos), addBos);
  }

  /** The vocabulary of a Qwen3 file: pre-tokenizer qwen2, no BOS, turns end with im_end. */
  public static BpeVocabulary qwen3(int size) {
    return of(
        size,
        ChatTemplateSource.QWEN3.specialTokens(),
        "<|endoftext|>",
        "<|im_end|>",
        "qwen2",
        false);
  }

  /**
   * The vocabulary of a Llama 3 Instruct file: pre-tokenizer llama-bpe, BOS, turns end with eot_id.
   */
  public static BpeVocabulary llama3(int size) {
    return of(
        size,
        ChatTemplateSource.LLAMA3.specialTokens(),
        "<|begin_of_text|>",
        "<|eot_id|>",
        "llama-bpe",
        true);
  }

  public int size() {
    return tokens.size();
  }

  /** The {@code tokenizer.ggml.*} metadata llama.cpp v0.5.0 reads for a BPE tokenizer. */
  public Map<String, GgufValue> metadata() {
    Map<String, GgufValue> kv = new LinkedHashMap<>();
    kv.put("tokenizer.ggml.model", GgufValue.string("gpt2"));
    kv.put("tokenizer.ggml.pre", GgufValue.string(pre));
    kv.put("tokenizer.ggml.tokens", GgufValue.strings(tokens));
    kv.put(
        "tokenizer.ggml.token_type",
        GgufValue.int32s(types.stream().mapToInt(GgufVocabulary.TokenType::id).toArray()));
    kv.put("tokenizer.ggml.merges", GgufValue.strings(merges));
    kv.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(bosId));
    kv.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(eosId));
    kv.put("tokenizer.ggml.padding_token_id", GgufValue.uint32(bosId));
    kv.put("tokenizer.ggml.add_bos_token", GgufValue.bool(addBos));
    return kv;
  }

  /**
   * GPT-2's byte-level alphabet: printable Latin-1 bytes stand for themselves, the other bytes for
   * the characters from U+0100 on, in byte order; tokens are listed printable first, as in the real
   * vocabularies.
   */
  static List<String> byteTokens() {
    List<Integer> printable = new ArrayList<>();
    for (int b = '!'; b <= '~'; b++) {
      printable.add(b);
    }
    for (int b = 0xA1; b <= 0xAC; b++) {
      printable.add(b);
    }
    for (int b = 0xAE; b <= 0xFF; b++) {
      printable.add(b);
    }
    List<String> out = new ArrayList<>();
    printable.forEach(b -> out.add(new String(Character.toChars(b))));
    int next = 0x100;
    for (int b = 0; b < 256; b++) {
      if (!printable.contains(b)) {
        out.add(new String(Character.toChars(next++)));
      }
    }
    return out;
  }
}
