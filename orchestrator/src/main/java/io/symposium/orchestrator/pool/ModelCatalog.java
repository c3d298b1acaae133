package io.symposium.orchestrator.pool;

import io.symposium.orchestrator.config.ModelsProperties;
import io.symposium.orchestrator.zoo.ZooModels;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.ModelStatus;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The models the service knows: it registers the configured ones and those added through the admin
 * API (stored in PostgreSQL) when the service starts, and keeps the pool and the table in step
 * afterwards. Registration reads model files, so it never runs on an event-loop thread.
 */
@Component
public class ModelCatalog implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

  private final ModelPool pool;
  private final ModelRepository repository;
  private final ModelsProperties configured;

  private final Optional<ZooModels> zoo;

  public ModelCatalog(
      ModelPool pool,
      ModelRepository repository,
      ModelsProperties configured,
      Optional<ZooModels> zoo) {
    this.pool = pool;
    this.repository = repository;
    this.configured = configured;
    this.zoo = zoo;
  }

  /**
   * Registers the configured models (a bad one stops the start with its reason) and the stored
   * admin ones. Runs once on the start-up thread, before the server accepts requests, which is why
   * it may wait for the database here.
   */
  @Override
  public void afterSingletonsInstantiated() {
    for (var properties : configured.models()) {
      ModelSpec spec;
      try {
        spec = pool.register(properties.toSpec());
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "symposium.models: model '"
                + properties.id()
                + "' cannot be registered: "
                + e.getMessage(),
            e);
      }
      repository.save(spec, ModelRepository.Source.CONFIG, footprint(spec.id())).block();
    }
    zoo.ifPresent(
        models -> {
          for (ZooModels.Entry entry : models.entries()) {
            ModelSpec spec = pool.register(ZooModels.spec(entry));
            repository.save(spec, ModelRepository.Source.ZOO, footprint(spec.id())).block();
          }
          log.info(
              "no models configured: registered the expert zoo from {} ({} models)",
              models.directory(),
              models.entries().size());
        });
    List<ModelSpec> stored =
        repository.findBySource(ModelRepository.Source.ADMIN).collectList().block();
    for (ModelSpec spec : stored == null ? List.<ModelSpec>of() : stored) {
      try {
        pool.register(spec);
      } catch (RuntimeException e) {
        log.error(
            "stored model '{}' could not be registered again and is skipped: {}",
            spec.id(),
            e.getMessage());
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
                    .onErrorResume(
                        e ->
                            Mono.fromRunnable(() -> pool.remove(registered.id()))
                                .then(Mono.error(e))))
        .map(registered -> status(registered.id()));
  }

  public Mono<Void> remove(String id) {
    return Mono.fromRunnable(() -> pool.remove(id))
        .subscribeOn(Schedulers.boundedElastic())
        .then(repository.delete(id));
  }

  public Mono<ModelStatus> pin(String id, boolean pinned) {
    return Mono.fromCallable(() -> pool.pin(id, pinned))
        .flatMap(spec -> repository.setPinned(id, pinned).thenReturn(status(id)));
  }

  public ModelStatus status(String id) {
    return pool.models().stream()
        .filter(m -> m.spec().id().equals(id))
        .findFirst()
        .orElseThrow(() -> new io.symposium.pool.UnknownModelException(id));
  }

  private long footprint(String id) {
    return status(id).footprint().total();
  }
}
