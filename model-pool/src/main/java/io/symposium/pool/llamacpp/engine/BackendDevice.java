package io.symposium.pool.llamacpp.engine;

/**
 * A device that ggml registered in the opened library: the CPU, or a GPU of a CUDA (Metal, Vulkan
 * …) build.
 *
 * @param name ggml's name, e.g. {@code CPU} or {@code CUDA0}
 * @param description the hardware, e.g. the CPU model or {@code NVIDIA H200}
 * @param kind what kind of device it is
 * @param freeBytes memory free on it now, as ggml reports it (system memory for the CPU)
 * @param totalBytes its total memory
 */
public record BackendDevice(
    String name, String description, Kind kind, long freeBytes, long totalBytes) {

  /** {@code enum ggml_backend_dev_type}. */
  public enum Kind {
    CPU,
    GPU,
    INTEGRATED_GPU,
    ACCELERATOR,
    META,
    UNKNOWN;

    static Kind of(int ggmlType) {
      Kind[] all = values();
      return ggmlType >= 0 && ggmlType < all.length - 1 ? all[ggmlType] : UNKNOWN;
    }
  }
}
