package io.symposium.orchestrator.batch;

import io.symposium.aggregate.Generator;
import io.symposium.orchestrator.query.ActiveProfiles;
import io.symposium.orchestrator.query.PhasedQueries;
import io.symposium.orchestrator.zoo.PromptStyles;
import io.symposium.pool.ModelPool;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the phased offline plan the batches run from the same parts as the query pipeline. */
@Configuration(proxyBeanMethods = false)
public class BatchConfiguration {

  @Bean
  PhasedQueries phasedQueries(
      ActiveProfiles profiles, Generator generator, PromptStyles styles, ModelPool pool) {
    return new PhasedQueries(
        profiles,
        generator,
        pool::run,
        styles::expert,
        styles::aggregation,
        () -> pool.queues().loadHistory(),
        model -> pool.expertCount(model).isPresent());
  }
}
