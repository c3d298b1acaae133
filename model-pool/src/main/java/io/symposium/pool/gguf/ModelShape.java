package io.symposium.pool.gguf;

import java.util.ArrayList;
import java.util.List;

/**
 * The hyperparameters of a llama-architecture model (dense, or sparse MoE in the Mixtral layout),
 * from which {@link GgufModels} derives the metadata and the tensor table llama.cpp b4916 expects.
 *
 * @param expertCount 0 for a dense model, else the number of experts per layer
 * @param expertUsedCount 0 for a dense model, else the experts active per token (1..expertCount)
 */
public record ModelShape(
    int contextLength,
    int embeddingLength,
    int blockCount,
    int feedForwardLength,
    int headCount,
    int headCountKv,
    int vocabSize,
    int expertCount,
    int expertUsedCount,
    float rmsNormEpsilon,
    float ropeFreqBase) {

  /** llama.cpp b4916's LLAMA_MAX_EXPERTS. */
  public static final int MAX_EXPERTS = 256;

  public ModelShape {
    if (contextLength <= 0
        || embeddingLength <= 0
        || blockCount <= 0
        || feedForwardLength <= 0
        || headCount <= 0
        || headCountKv <= 0) {
      throw new IllegalArgumentException(
          "sizes must be > 0: context %d, embedding %d, blocks %d, feed-forward %d, heads %d/%d"
              .formatted(
                  contextLength,
                  embeddingLength,
                  blockCount,
                  feedForwardLength,
                  headCount,
                  headCountKv));
    }
    if (embeddingLength % headCount != 0 || (embeddingLength / headCount) % 2 != 0) {
      throw new IllegalArgumentException(
          "embedding length %d must split into %d heads of an even size (RoPE rotates pairs)"
              .formatted(embeddingLength, headCount));
    }
    if (headCount % headCountKv != 0) {
      throw new IllegalArgumentException(
          "head count %d is not a multiple of the KV head count %d"
              .formatted(headCount, headCountKv));
    }
    if (vocabSize < GgufVocabulary.CHAR_LEVEL_SIZE) {
      throw new IllegalArgumentException(
          "vocabulary size %d is below the %d tokens of the char-level vocabulary"
              .formatted(vocabSize, GgufVocabulary.CHAR_LEVEL_SIZE));
    }
    boolean expertsValid =
        expertCount == 0
            ? expertUsedCount == 0
            : expertCount > 0
                && expertCount <= MAX_EXPERTS
                && expertUsedCount >= 1
                && expertUsedCount <= expertCount;
    if (!expertsValid) {
      throw new IllegalArgumentException(
          "experts: %d used of %d; a dense model has 0 of 0, a MoE model 1..n of n <= %d"
              .formatted(expertUsedCount, expertCount, MAX_EXPERTS));
    }
    if (!(rmsNormEpsilon > 0 && Float.isFinite(rmsNormEpsilon))
        || !(ropeFreqBase > 0 && Float.isFinite(ropeFreqBase))) {
      throw new IllegalArgumentException(
          "RMS norm epsilon %s and RoPE base %s must be finite and > 0"
              .formatted(rmsNormEpsilon, ropeFreqBase));
    }
  }

  /**
   * A dense model with context 2048, no grouped-query attention, epsilon 1e-5 and RoPE base 10000.
   */
  public static ModelShape dense(
      int embeddingLength, int blockCount, int headCount, int feedForwardLength, int vocabSize) {
    return new ModelShape(
        2048,
        embeddingLength,
        blockCount,
        feedForwardLength,
        headCount,
        headCount,
        vocabSize,
        0,
        0,
        1e-5f,
        10000f);
  }

  /**
   * A tiny dense model for fast tests: 64 wide, 2 layers, 4 heads, feed-forward 128, the char-level
   * vocabulary, context 256.
   */
  public static ModelShape tinyDense() {
    return dense(64, 2, 4, 128, GgufVocabulary.CHAR_LEVEL_SIZE).withContextLength(256);
  }

  /** {@link #tinyDense()} with 4 experts per layer, 2 of them used. */
  public static ModelShape tinyMoe() {
    return tinyDense().withExperts(4, 2);
  }

  public ModelShape withContextLength(int contextLength) {
    return new ModelShape(
        contextLength,
        embeddingLength,
        blockCount,
        feedForwardLength,
        headCount,
        headCountKv,
        vocabSize,
        expertCount,
        expertUsedCount,
        rmsNormEpsilon,
        ropeFreqBase);
  }

  public ModelShape withHeadCountKv(int headCountKv) {
    return new ModelShape(
        contextLength,
        embeddingLength,
        blockCount,
        feedForwardLength,
        headCount,
        headCountKv,
        vocabSize,
        expertCount,
        expertUsedCount,
        rmsNormEpsilon,
        ropeFreqBase);
  }

  public ModelShape withVocabSize(int vocabSize) {
    return new ModelShape(
        contextLength,
        embeddingLength,
        blockCount,
        feedForwardLength,
        headCount,
        headCountKv,
        vocabSize,
        expertCount,
        expertUsedCount,
        rmsNormEpsilon,
        ropeFreqBase);
  }

  /**
   * This shape as a sparse MoE model (Mixtral layout); {@code withExperts(0, 0)} makes it dense.
   */
  public ModelShape withExperts(int expertCount, int expertUsedCount) {
    return new ModelShape(
        contextLength,
        embeddingLength,
        blockCount,
        feedForwardLength,
        headCount,
        headCountKv,
        vocabSize,
        expertCount,
        expertUsedCount,
        rmsNormEpsilon,
        ropeFreqBase);
  }

  /** Whether the feed-forward blocks are experts. */
  public boolean isMoe() {
    return expertCount > 0;
  }

  /** Size of one attention head, also the RoPE dimension count. */
  public int headDimension() {
    return embeddingLength / headCount;
  }

  /**
   * The tensors llama.cpp b4916 creates for {@code LLM_ARCH_LLAMA} with this shape, in the order
   * {@link GgufModels} writes them; dimensions are ggml {@code ne} (fastest first).
   */
  public List<ModelTensor> tensors() {
    long embd = embeddingLength;
    long vocab = vocabSize;
    long ff = feedForwardLength;
    long q = (long) headCount * headDimension();
    long kv = (long) headCountKv * headDimension();
    List<ModelTensor> out = new ArrayList<>();
    out.add(new ModelTensor("token_embd.weight", List.of(embd, vocab), ModelTensor.Role.EMBEDDING));
    out.add(new ModelTensor("output_norm.weight", List.of(embd), ModelTensor.Role.NORM));
    out.add(new ModelTensor("output.weight", List.of(embd, vocab), ModelTensor.Role.MATRIX));
    for (int i = 0; i < blockCount; i++) {
      String b = "blk." + i + ".";
      out.add(new ModelTensor(b + "attn_norm.weight", List.of(embd), ModelTensor.Role.NORM));
      out.add(new ModelTensor(b + "attn_q.weight", List.of(embd, q), ModelTensor.Role.MATRIX));
      out.add(new ModelTensor(b + "attn_k.weight", List.of(embd, kv), ModelTensor.Role.MATRIX));
      out.add(new ModelTensor(b + "attn_v.weight", List.of(embd, kv), ModelTensor.Role.MATRIX));
      out.add(new ModelTensor(b + "attn_output.weight", List.of(q, embd), ModelTensor.Role.MATRIX));
      out.add(new ModelTensor(b + "ffn_norm.weight", List.of(embd), ModelTensor.Role.NORM));
      if (isMoe()) {
        long n = expertCount;
        out.add(
            new ModelTensor(b + "ffn_gate_inp.weight", List.of(embd, n), ModelTensor.Role.ROUTER));
        out.add(
            new ModelTensor(
                b + "ffn_gate_exps.weight", List.of(embd, ff, n), ModelTensor.Role.MATRIX));
        out.add(
            new ModelTensor(
                b + "ffn_down_exps.weight", List.of(ff, embd, n), ModelTensor.Role.MATRIX));
        out.add(
            new ModelTensor(
                b + "ffn_up_exps.weight", List.of(embd, ff, n), ModelTensor.Role.MATRIX));
      } else {
        out.add(new ModelTensor(b + "ffn_gate.weight", List.of(embd, ff), ModelTensor.Role.MATRIX));
        out.add(new ModelTensor(b + "ffn_down.weight", List.of(ff, embd), ModelTensor.Role.MATRIX));
        out.add(new ModelTensor(b + "ffn_up.weight", List.of(embd, ff), ModelTensor.Role.MATRIX));
      }
    }
    return List.copyOf(out);
  }

  /** The total number of weights, i.e. the sum of the tensors' element counts. */
  public long parameterCount() {
    return tensors().stream().mapToLong(ModelTensor::elementCount).sum();
  }
}
