package io.symposium.pool.gguf;

/** The element type of a fixture model's weight matrices; norms and the MoE router stay F32. */
public enum WeightType {
  F32(GgmlType.F32, 0),
  F16(GgmlType.F16, 1),
  Q8_0(GgmlType.Q8_0, 7);

  private final GgmlType ggmlType;
  private final int fileType;

  WeightType(GgmlType ggmlType, int fileType) {
    this.ggmlType = ggmlType;
    this.fileType = fileType;
  }

  /** The tensor type of the weight matrices. */
  public GgmlType ggmlType() {
    return ggmlType;
  }

  /**
   * llama.cpp's {@code llama_ftype} (MOSTLY_F16 = 1, MOSTLY_Q8_0 = 7), stored as general.file_type.
   */
  public int fileType() {
    return fileType;
  }
}
