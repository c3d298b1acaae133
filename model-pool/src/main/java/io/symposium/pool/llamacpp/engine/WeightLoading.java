package io.symposium.pool.llamacpp.engine;

/** How llama.cpp brings a model's weights into memory. */
public enum WeightLoading {
  /**
   * mmap the file: weights stay in the page cache and are shared by every instance of the same
   * file.
   */
  MEMORY_MAPPED,
  /** Read the weights into anonymous memory owned by this instance. */
  READ_INTO_MEMORY
}
