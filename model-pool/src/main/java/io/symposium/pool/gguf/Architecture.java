package io.symposium.pool.gguf;

import java.util.ArrayList;
import java.util.List;

/**
 * The model architectures {@link GgufModels} writes, by their {@code general.architecture} name,
 * with the tensors llama.cpp v0.5.0 creates for each (src/models/llama.cpp, qwen3.cpp,
 * qwen3moe.cpp).
 */
public enum Architecture {
  /** {@code LLM_ARCH_LLAMA}: dense, or sparse MoE in the Mixtral layout. */
  LLAMA("llama"),
  /** {@code LLM_ARCH_QWEN3}: the llama layout plus RMS norms of each head's query and key. */
  QWEN3("qwen3"),
  /**
   * {@code LLM_ARCH_QWEN3MOE}: Qwen3's attention, a MoE feed-forward of experts {@code
   * expert_feed_forward_length} wide (the shape's feed-forward length here) and a softmax router.
   */
  QWEN3MOE("qwen3moe");

  private final String id;

  Architecture(String id) {
    this.id = id;
  }

  /** {@code general.architecture}, also the prefix of its hyperparameter keys. */
  public String id() {
    return id;
  }

  /**
   * The tensors of {@code shape} in this architecture, in write order; dimensions are ggml {@code
   * ne} (fastest first).
   *
   * @throws IllegalArgumentException when the shape does not fit (Qwen3 is dense, Qwen3-MoE sparse)
   */
  public List<ModelTensor> tensors(ModelShape shape) {
    if (this == QWEN3 && shape.isMoe()) {
      throw new IllegalArgumentException("qwen3 is dense; write a MoE shape as qwen3moe");
    }
    if (this == QWEN3MOE && !shape.isMoe()) {
      throw new IllegalArgumentException("qwen3moe needs experts (ModelShape.withExperts)");
    }
    if (this == LLAMA) {
      return shape.tensors();
    }
    long head = shape.headDimension();
    List<ModelTensor> out = new ArrayList<>();
    for (ModelTensor t : shape.tensors()) {
      out.add(t);
      if (t.name().endsWith(".attn_k.weight")) {
        String block = t.name().substring(0, t.name().length() - "attn_k.weight".length());
        out.add(
            new ModelTensor(block + "attn_q_norm.weight", List.of(head), ModelTensor.Role.NORM));
        out.add(
            new ModelTensor(block + "attn_k_norm.weight", List.of(head), ModelTensor.Role.NORM));
      }
    }
    return List.copyOf(out);
  }
}
