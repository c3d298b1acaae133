package io.symposium.pool.gguf;

import java.util.List;
import java.util.Objects;

/**
 * One tensor a {@link ModelShape} needs: its llama.cpp name, its dimensions in ggml {@code ne}
 * order (fastest first) and the role that decides its type and initial values.
 */
public record ModelTensor(String name, List<Long> dimensions, Role role) {

  /** What a tensor does, which decides its type in the file. */
  public enum Role {
    /** {@code token_embd}: stored in the weight type. */
    EMBEDDING,
    /** RMS norm weights: always F32, initialised to 1. */
    NORM,
    /** The MoE router {@code ffn_gate_inp}: always F32. */
    ROUTER,
    /** Projection matrices, including {@code output}: stored in the weight type. */
    MATRIX
  }

  public ModelTensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    dimensions = List.copyOf(dimensions);
    if (dimensions.isEmpty() || dimensions.stream().anyMatch(d -> d <= 0)) {
      throw new IllegalArgumentException(
          "tensor '%s' has dimensions %s".formatted(name, dimensions));
    }
  }

  /** The number of elements. */
  public long elementCount() {
    return dimensions.stream().reduce(1L, Math::multiplyExact);
  }

  /** The tensor type for a model whose matrices use {@code weightType}. */
  public GgmlType ggmlType(WeightType weightType) {
    return role == Role.NORM || role == Role.ROUTER ? GgmlType.F32 : weightType.ggmlType();
  }
}
