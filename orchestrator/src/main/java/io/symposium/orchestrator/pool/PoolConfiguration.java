package io.symposium.orchestrator.pool;

import io.micrometer.core.instrument.MeterRegistry;
import io.symposium.orchestrator.config.ModelsProperties;
import io.symposium.orchestrator.config.PoolProperties;
import io.symposium.orchestrator.config.ZooProperties;
import io.symposium.orchestrator.zoo.ZooModels;
import io.symposium.pool.BackendKind;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the model pool with one backend per kind; closing the context unloads every model and
 * stops the workers.
 */
@Configuration(proxyBeanMethods = false)
public class PoolConfiguration {

  /**
   * The expert zoo, when one is found and enabled and no models are configured (the embedded
   * default); otherwise no bean, and those who ask get an empty {@code Optional}.
   */
  @Bean
  @org.jspecify.annotations.Nullable
  ZooModels zooModels(ZooProperties zoo, ModelsProperties models) {
    return models.models().isEmpty() ? ZooModels.locate(zoo).orElse(null) : null;
  }

  @Bean(destroyMethod = "close")
  ModelPool modelPool(PoolProperties properties, MeterRegistry meters, Optional<ZooModels> zoo) {
    ModelPool.Config config = properties.toPoolConfig();
    if (zoo.isPresent()) {
      // the zoo's own directory is a model directory: its files are the service's defaults
      List<Path> directories = new ArrayList<>(config.modelDirectories());
      directories.add(zoo.get().directory());
      config = config.withModelDirectories(directories);
    }
    return ModelPool.create(
        config,
        Map.of(
            BackendKind.LLAMA_CPP, ModelBackends.llamaCpp(properties.toEngineOptions()),
            BackendKind.OPENAI, ModelBackends.openAi(properties.requestTimeout()),
            BackendKind.OLLAMA, ModelBackends.ollama(properties.requestTimeout())),
        InstantSource.system(),
        meters);
  }
}
