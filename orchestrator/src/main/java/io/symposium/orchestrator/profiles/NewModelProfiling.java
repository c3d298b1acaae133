package io.symposium.orchestrator.profiles;

import io.symposium.orchestrator.database.Columns;
import io.symposium.profile.BenchmarkFile;
import io.symposium.profile.BenchmarkItem;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Profiles a model just added to the pool, alone, for every task whose active profile came from a
 * profiling run: over that run's validation questions, with its keyword model, into a new version
 * that keeps every other model's scores ({@link ProfileExtension}) and becomes active when done. So
 * a new expert is routable without re-profiling the pool; its progress is the run's, as for any run
 * ({@code GET /admin/api/profiles/runs/{id}/events}).
 */
@Component
public class NewModelProfiling {

  private static final Logger log = LoggerFactory.getLogger(NewModelProfiling.class);

  private final DatabaseClient db;
  private final ProfilingRuns runs;

  public NewModelProfiling(DatabaseClient db, ProfilingRuns runs) {
    this.db = db;
    this.runs = runs;
  }

  /** A task's active version and the run it came from. */
  private record Base(
      long versionId,
      String task,
      String validationFile,
      int items,
      @Nullable String keywordModel,
      long questionCells) {}

  /**
   * Profiles {@code model} in the background for every task that can be extended, one run after
   * another (runs side by side would flood the keyword model's queue); returns at once.
   */
  public void profileInBackground(String model) {
    profile(model)
        .subscribe(
            id -> {}, e -> log.warn("profiling new model {} stopped: {}", model, e.getMessage()));
  }

  /**
   * Starts one run per task that can be extended, each when the last has ended; emits their ids.
   */
  Flux<Long> profile(String model) {
    return db.sql(
            "SELECT v.id, v.task, r.validation_file, r.total_items,"
                + " r.settings ->> 'keywordModel' AS keyword_model,"
                + " (SELECT count(*) FROM profile_scores s WHERE s.profile_version_id = v.id"
                + " AND s.questions IS NOT NULL) AS question_cells"
                + " FROM profile_versions v JOIN profile_runs r ON r.id = v.run_id"
                + " WHERE v.active AND v.origin = 'run' ORDER BY v.task")
        .map(
            row ->
                new Base(
                    Columns.required(row, "id", Long.class),
                    Columns.required(row, "task", String.class),
                    Columns.required(row, "validation_file", String.class),
                    Columns.required(row, "total_items", Integer.class),
                    row.get("keyword_model", String.class),
                    Columns.required(row, "question_cells", Long.class)))
        .all()
        .concatMap(
            base ->
                start(model, base)
                    .flatMap(
                        id ->
                            runs.progress(id)
                                .then()
                                .onErrorResume(e -> Mono.empty())
                                .thenReturn(id)));
  }

  private Mono<Long> start(String model, Base base) {
    if (base.keywordModel() == null || base.questionCells() == 0) {
      log.warn(
          "model {} is not profiled for task {}: its active profile (version id {}) does not"
              + " record its keyword model or question counts; run POST /admin/api/profiles/runs"
              + " to profile the pool again",
          model,
          base.task(),
          base.versionId());
      return Mono.empty();
    }
    String keywordModel = base.keywordModel();
    return Mono.fromCallable(() -> firstItems(base))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            items ->
                runs.start(
                    new ProfilingRuns.Request(
                        base.task(),
                        items,
                        List.of(model),
                        keywordModel,
                        List.of(),
                        base.validationFile(),
                        base.versionId())))
        .doOnNext(
            id ->
                log.info(
                    "profiling new model {} for task {} in run {} (extends profile version id {})",
                    model,
                    base.task(),
                    id,
                    base.versionId()))
        .onErrorResume(
            e -> {
              log.warn(
                  "model {} could not be profiled for task {}: {}",
                  model,
                  base.task(),
                  e.getMessage());
              return Mono.empty();
            });
  }

  /** The questions the base run profiled: the first {@code items} of its validation file. */
  private static List<BenchmarkItem> firstItems(Base base) {
    List<BenchmarkItem> all = BenchmarkFile.read(Path.of(base.validationFile()));
    return all.subList(0, Math.min(base.items(), all.size()));
  }
}
