package io.symposium.pool.llamacpp.engine;

import java.nio.file.Path;
import java.util.List;

/** A load that passed every Java-side check: what the decode thread hands to llama.cpp. */
record LoadPlan(
    String id,
    Path file,
    ModelSettings settings,
    List<MetadataOverride> overrides,
    String architecture,
    int expertCount,
    int expertUsedCount) {

  LoadPlan {
    overrides = List.copyOf(overrides);
  }
}
