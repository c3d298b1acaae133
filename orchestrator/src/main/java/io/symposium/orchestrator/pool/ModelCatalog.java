package io.symposium.orchestrator.pool;

import io.symposium.orchestrator.config.ModelsProperties;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.ModelStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The models the service knows: it registers the configured ones and those added through the admin API
 * (stored in PostgreSQL) when the service starts, and keeps the pool and the table in step afterwards.
 * Registration reads model files, so it never runs on an event-loop thread.
 */
@Component
public class ModelCatalog implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

  private final ModelPool pool;
  private final ModelRepository repository;
  private final ModelsProperties configured;

  public ModelCatalog(ModelPool pool, ModelRepository repository, ModelsProperties configured) {
    this.pool = pool;
    this.repository = repository;
    this.configured = configured;
  }

  /**
   * Registers the configured models (a bad one stops the start with its reason) and the stored admin
   * ones. Runs once on the start-up thread, before the server accepts requests, which is why it may wait
   * for the database here.
   */
  @Override
  public void afterSingletonsInstantiated() {
    for (var properties : configured.models()) {
      ModelSpec spec;
      try {
        spec = pool.register(properties.toSpec());
      } catch (RuntimeException e) {
        throw new IllegalStateException("symposium.models: model '" + properties.id() + "' cannot be registered: " + e.getMessage(), e);
      }
      repository.save(spec, ModelRepository.Source.CONFIG, footprint(spec.id())).block();
    }
    List<ModelSpec> stored = repository.findBySource(ModelRepository.Source.ADMIN).collectList().block();
    for (ModelSpec spec : stored == null ? List.<ModelSpec>of() : stored) {
      try {
        pool.register(spec);
      } catch (RuntimeException e) {
        log.error("stored model '{}' could not be registered again and is skipped: {}", spec.id(), e.getMessage());
      }
    }
    log.info("model pool ready with {} model(s)", pool.models().size());
  }

  public Flux<ModelStatus> list() {
    return Flux.defer(() -> Flux.fromIterable(pool.models()));
  }

  /** Registers a model from the admin API and stores it. */
  public Mono<ModelStatus> add(ModelSpec spec) {
    return Mono.fromCallable(() -> pool.register(spec))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            registered ->
                repository
                    .save(registered, ModelRepository.Source.ADMIN, footprint(registered.id()))
                    .thenReturn(registered)
                    // not stored means not registered: a restart must not lose or invent models
                    .onErrorResume(e -> Mono.fromRunnable(() -> pool.remove(registered.id())).then(Mono.error(e))))
        .map(registered -> status(registered.id()));
  }

  public Mono<Void> remove(String id) {
    return Mono.fromRunnable(() -> pool.remove(id)).subscribeOn(Schedulers.boundedElastic()).then(repository.delete(id));
  }

  public Mono<ModelStatus> pin(String id, boolean pinned) {
    return Mono.fromCallable(() -> pool.pin(id, pinned)).flatMap(spec -> repository.setPinned(id, pinned).thenReturn(status(id)));
  }

  public ModelStatus status(String id) {
    return pool.models().stream().filter(m -> m.spec().id().equals(id)).findFirst().orElseThrow(() -> new io.symposium.pool.UnknownModelException(id));
  }

  private long footprint(String id) {
    return status(id).footprint().total();
  }
}
