package io.symposium.pool;

/**
 * What the pool does with the model that is served next while the current one computes (DESIGN.md
 * "Model pool"). A model that is not loaded ahead, in any mode, still has its file read into the
 * page cache.
 */
public enum LoadAhead {
  /** Only the page cache: the model is loaded when its turn comes. */
  OFF,
  /**
   * Load it ahead, when the budget holds it beside the busy models without evicting work that waits
   * (llama.cpp then asks the kernel to read the mapped file ahead).
   */
  LOAD,
  /**
   * Load it ahead and run a one-token generation on it, so that its first batch finds its weights
   * mapped in. Good where that generation has hardware of its own (a GPU); on a CPU whose cores the
   * current model already uses, the two generations' threads compete.
   */
  WARM;

  /** The configuration's spelling: {@code off}, {@code load}, {@code warm}. */
  public static LoadAhead parse(String text) {
    for (LoadAhead value : values()) {
      if (value.name().equalsIgnoreCase(text.strip())) {
        return value;
      }
    }
    throw new IllegalArgumentException("load-ahead must be off, load or warm, got '" + text + "'");
  }
}
