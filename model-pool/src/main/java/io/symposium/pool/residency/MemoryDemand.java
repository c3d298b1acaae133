package io.symposium.pool.residency;

/**
 * What one resident model takes of each memory the pool budgets: host RAM and GPU memory. A model
 * with some layers offloaded takes both: the offloaded layers' weights and KV cache live on the
 * GPU, the rest on the host.
 *
 * @param hostBytes bytes of host memory
 * @param gpuBytes bytes of GPU memory
 */
public record MemoryDemand(long hostBytes, long gpuBytes) {

  public MemoryDemand {
    if (hostBytes < 0 || gpuBytes < 0) {
      throw new IllegalArgumentException(
          "memory demands must be >= 0 bytes, got host %d, GPU %d".formatted(hostBytes, gpuBytes));
    }
  }

  /** Host memory only (a CPU model). */
  public static MemoryDemand host(long bytes) {
    return new MemoryDemand(bytes, 0);
  }

  /** Nothing (a remote model). */
  public static MemoryDemand none() {
    return new MemoryDemand(0, 0);
  }

  @Override
  public String toString() {
    return gpuBytes == 0
        ? ResidencyLedger.mib(hostBytes) + " of host memory"
        : "%s of host memory and %s of GPU memory"
            .formatted(ResidencyLedger.mib(hostBytes), ResidencyLedger.mib(gpuBytes));
  }
}
