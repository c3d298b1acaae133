package io.symposium.pool.gguf;

import java.util.Arrays;

/**
 * Supplies a tensor's values to {@link GgufWriter} one row ({@code ne[0]} elements) at a time, so a
 * large model is never held in memory.
 *
 * <p>The writer asks for rows 0, 1, 2, … in order, exactly once each; a generator may rely on that.
 */
@FunctionalInterface
public interface TensorRows {

  /** Fills {@code values} (length {@code ne[0]}) with row {@code row} of the tensor. */
  void fill(long row, float[] values);

  /**
   * Rows taken from one array in ggml order ({@code ne[0]} fastest), which is also the row-major
   * order of a PyTorch or NumPy tensor of the reversed shape.
   */
  static TensorRows of(float[] values) {
    return (row, out) ->
        System.arraycopy(values, Math.toIntExact(row * out.length), out, 0, out.length);
  }

  /** Every element set to {@code value}. */
  static TensorRows constant(float value) {
    return (row, out) -> Arrays.fill(out, value);
  }
}
