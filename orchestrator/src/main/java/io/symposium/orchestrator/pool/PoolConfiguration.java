package io.symposium.orchestrator.pool;

import io.micrometer.core.instrument.MeterRegistry;
import io.symposium.orchestrator.config.PoolProperties;
import io.symposium.pool.BackendKind;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import java.time.InstantSource;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the model pool with one backend per kind; closing the context unloads every model and stops the workers. */
@Configuration(proxyBeanMethods = false)
public class PoolConfiguration {

  @Bean(destroyMethod = "close")
  ModelPool modelPool(PoolProperties properties, MeterRegistry meters) {
    return ModelPool.create(
        properties.toPoolConfig(),
        Map.of(
            BackendKind.LLAMA_CPP, ModelBackends.llamaCpp(properties.toEngineOptions()),
            BackendKind.OPENAI, ModelBackends.openAi(properties.requestTimeout()),
            BackendKind.OLLAMA, ModelBackends.ollama(properties.requestTimeout())),
        InstantSource.system(),
        meters);
  }
}
