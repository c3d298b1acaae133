package io.symposium.orchestrator.config;

import io.symposium.pool.BackendKind;
import io.symposium.pool.ModelSpec;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One model under {@code symposium.models}: a GGUF file for {@code llama-cpp}, or a server and
 * model name for {@code openai} and {@code ollama}. {@code gpu-layers} (default 0) offloads that
 * many layers of a llama.cpp model to a GPU, with a GPU build of llama.cpp.
 */
public record ModelProperties(
    @NotBlank String id,
    @DefaultValue("llama-cpp") String backend,
    @Nullable Path path,
    @Nullable URI baseUrl,
    @Nullable String remoteName,
    @Min(16) @Max(1048576) @DefaultValue("2048") int contextSize,
    @Min(1) @Max(64) @DefaultValue("4") int parallelSlots,
    @Min(0) @Max(1024) @DefaultValue("0") int threads,
    @DefaultValue List<String> tags,
    @DefaultValue("false") boolean pinned,
    @Min(0) @Max(ModelSpec.MAX_GPU_LAYERS) @DefaultValue("0") int gpuLayers) {

  public ModelSpec toSpec() {
    return new ModelSpec(
        id,
        BackendKind.fromId(backend),
        path,
        baseUrl,
        remoteName,
        contextSize,
        parallelSlots,
        threads,
        Set.copyOf(tags),
        pinned,
        gpuLayers);
  }
}
