package io.symposium.orchestrator.profiles;

import io.symposium.orchestrator.config.ZooProperties;
import io.symposium.orchestrator.zoo.ZooModels;
import io.symposium.profile.BenchmarkFile;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * On the first start with the zoo (no active profile for its task yet), profiles the zoo in the
 * background over the validation set it ships: the experts, its keyword model, its aggregator.
 * Queries that arrive before the run ends get a 409 that says so.
 */
@Component
public class ZooProfiling {

  private static final Logger log = LoggerFactory.getLogger(ZooProfiling.class);

  private final Optional<ZooModels> zoo;
  private final ZooProperties properties;
  private final ProfileRepository profiles;
  private final ProfilingRuns runs;

  public ZooProfiling(
      Optional<ZooModels> zoo,
      ZooProperties properties,
      ProfileRepository profiles,
      ProfilingRuns runs) {
    this.zoo = zoo;
    this.properties = properties;
    this.profiles = profiles;
    this.runs = runs;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void profileIfNeeded() {
    if (zoo.isEmpty() || !properties.profileOnStart()) {
      return;
    }
    ZooModels models = zoo.get();
    Optional<java.nio.file.Path> validation = models.validationSet();
    List<ZooModels.Entry> keywordModels = models.withRole(ZooModels.Role.KEYWORDS);
    if (validation.isEmpty()
        || keywordModels.isEmpty()
        || models.withRole(ZooModels.Role.EXPERT).isEmpty()) {
      log.warn(
          "the expert zoo in {} has no validation.json, keyword model or experts: it is not"
              + " profiled on start",
          models.directory());
      return;
    }
    profiles
        .active(properties.task())
        .hasElement()
        .filter(hasActive -> !hasActive)
        .flatMap(
            none ->
                Mono.fromCallable(() -> BenchmarkFile.read(validation.get()))
                    .subscribeOn(Schedulers.boundedElastic()))
        .flatMap(
            items ->
                runs.start(
                    new ProfilingRuns.Request(
                        properties.task(),
                        items,
                        models.withRole(ZooModels.Role.EXPERT).stream()
                            .map(ZooModels.Entry::name)
                            .toList(),
                        keywordModels.getFirst().name(),
                        models.withRole(ZooModels.Role.AGGREGATOR).stream()
                            .map(ZooModels.Entry::name)
                            .toList(),
                        validation.get().toString())))
        .subscribe(
            id ->
                log.info(
                    "profiling the expert zoo for task '{}' in the background (run {}); progress:"
                        + " GET /admin/api/profiles/runs/{}/events",
                    properties.task(),
                    id,
                    id),
            e -> log.error("could not start profiling the expert zoo: {}", e.getMessage()));
  }
}
