package io.symposium.orchestrator.query;

import io.symposium.aggregate.Generator;
import io.symposium.orchestrator.config.RoutingProperties;
import io.symposium.orchestrator.profiles.ProfileRepository;
import io.symposium.orchestrator.zoo.PromptStyles;
import io.symposium.pool.ModelPool;
import io.symposium.profile.EmbeddingEncoder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** Wires the query pipeline from the pool, the profiles in PostgreSQL and the embedding model. */
@Configuration(proxyBeanMethods = false)
public class QueryConfiguration {

  /** The zoo's models were trained on short prompts; every other model gets the detailed ones. */
  @Bean
  PromptStyles promptStyles(ModelPool pool) {
    return new PromptStyles(pool);
  }

  /** all-MiniLM-L6-v2 behind a cache; created on first use (loading takes about a second). */
  @Bean
  @Lazy
  EmbeddingEncoder embeddingEncoder() {
    return EmbeddingEncoder.cached(EmbeddingEncoder.miniLm(), 100_000);
  }

  @Bean
  Generator generator(ModelPool pool) {
    return Generator.of(pool);
  }

  @Bean
  ActiveProfiles activeProfiles(
      ProfileRepository repository,
      ModelPool pool,
      Generator generator,
      @Lazy EmbeddingEncoder encoder,
      RoutingProperties routing,
      PromptStyles styles) {
    return new ActiveProfiles(repository, pool, generator, encoder, routing, styles);
  }

  @Bean
  QueryPipeline queryPipeline(
      ActiveProfiles profiles, Generator generator, PromptStyles styles, ModelPool pool) {
    return new QueryPipeline(
        profiles,
        generator,
        styles::expert,
        styles::aggregation,
        () -> pool.queues().loadHistory(),
        model -> pool.expertCount(model).isPresent());
  }

  @Bean
  ServiceInstance serviceInstance(
      @org.springframework.beans.factory.annotation.Value("${symposium.instance-id:}") String id,
      @org.springframework.beans.factory.annotation.Value("${server.port:8080}") int port) {
    return ServiceInstance.current(id, port);
  }

  @Bean
  QueryRunner queryRunner(
      QueryLogRepository queryLog,
      QueryPipeline pipeline,
      QueryDefaults defaults,
      tools.jackson.databind.json.JsonMapper json,
      QueryShutdown shutdown) {
    return new QueryRunner(queryLog, pipeline::run, defaults, json, shutdown::stopping);
  }
}
