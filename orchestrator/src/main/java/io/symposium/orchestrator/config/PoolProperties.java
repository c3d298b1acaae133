package io.symposium.orchestrator.config;

import io.symposium.pool.LoadAhead;
import io.symposium.pool.LocalEngineOptions;
import io.symposium.pool.ModelPool;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The model pool: memory budget, scheduling bounds, where model files may come from, and the
 * llama.cpp library to use.
 *
 * @param memoryBudget the most host memory resident local models may take together
 * @param maxWait the longest a request waits for its model while another model is being served
 * @param queueLimit the most requests waiting per model
 * @param requestTimeout the longest one model call may take
 * @param retries retries of a retriable failure (a worker restart, a remote hiccup)
 * @param modelDirectories the only directories local GGUF files may come from
 * @param llamaLibrary a llama.cpp shared library with the same API (a GPU build), or unset for the
 *     bundled CPU one
 * @param loadAhead {@code off}, {@code load} (default) or {@code warm}: what the pool does with the
 *     next model while the current one computes
 * @param gpuMemoryBudget the most GPU memory resident local models may take together (the weights,
 *     KV cache and compute buffers of their offloaded layers); {@code 0B}, the default, offloads
 *     nothing: a model with {@code gpu-layers} is then refused at registration
 */
@Validated
@ConfigurationProperties("symposium.pool")
public record PoolProperties(
    @NotNull @DefaultValue("4GB") DataSize memoryBudget,
    @NotNull @DefaultValue("30s") Duration maxWait,
    @Min(1) @Max(100000) @DefaultValue("256") int queueLimit,
    @NotNull @DefaultValue("120s") Duration requestTimeout,
    @Min(0) @Max(10) @DefaultValue("2") int retries,
    @NotNull @DefaultValue({"models", "../models"}) List<Path> modelDirectories,
    @Nullable Path llamaLibrary,
    @NotNull @DefaultValue("load") LoadAhead loadAhead,
    @NotNull @DefaultValue("0B") DataSize gpuMemoryBudget) {

  public ModelPool.Config toPoolConfig() {
    return new ModelPool.Config(
        memoryBudget.toBytes(),
        maxWait,
        queueLimit,
        requestTimeout,
        retries,
        Duration.ofMillis(200),
        modelDirectories.stream().map(p -> p.toAbsolutePath().normalize()).toList(),
        loadAhead,
        gpuMemoryBudget.toBytes());
  }

  public LocalEngineOptions toEngineOptions() {
    LocalEngineOptions options = LocalEngineOptions.defaults().withRequestTimeout(requestTimeout);
    return llamaLibrary == null ? options : options.withLibrary(llamaLibrary);
  }
}
