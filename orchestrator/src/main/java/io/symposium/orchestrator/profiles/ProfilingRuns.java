package io.symposium.orchestrator.profiles;

import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.SynthesisSettings;
import io.symposium.orchestrator.database.Columns;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.orchestrator.zoo.PromptStyles;
import io.symposium.pool.ModelPool;
import io.symposium.profile.AggregatorBenchmark;
import io.symposium.profile.AggregatorChoice;
import io.symposium.profile.BenchmarkItem;
import io.symposium.profile.KeywordExtractor;
import io.symposium.profile.ProfileSet;
import io.symposium.profile.ProfilingPlan;
import io.symposium.profile.ProfilingProgress;
import io.symposium.profile.ProfilingResult;
import io.symposium.profile.ProfilingRun;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Profiling runs: every expert answers every validation question, the answers are graded into skill
 * profiles, the aggregator benchmark picks the task's aggregator, and the result is stored as the
 * task's new active profile version. A run's progress is a stream that replays its latest state to
 * late subscribers; the run itself is recorded in {@code profile_runs}.
 */
@Component
public class ProfilingRuns {

  private static final Logger log = LoggerFactory.getLogger(ProfilingRuns.class);

  /**
   * What to profile.
   *
   * @param extendsVersion a stored version (row id) whose models keep their scores: the run then
   *     profiles only {@code experts} (models new to the pool) and stores the union as a new
   *     version ({@link ProfileExtension}); null for a run over the whole pool
   */
  public record Request(
      String task,
      List<BenchmarkItem> items,
      List<String> experts,
      String keywordModel,
      List<String> aggregatorCandidates,
      String source,
      @Nullable Long extendsVersion) {
    public Request {
      items = List.copyOf(items);
      experts = List.copyOf(experts);
      aggregatorCandidates = List.copyOf(aggregatorCandidates);
    }

    /** A run over the whole pool. */
    public Request(
        String task,
        List<BenchmarkItem> items,
        List<String> experts,
        String keywordModel,
        List<String> aggregatorCandidates,
        String source) {
      this(task, items, experts, keywordModel, aggregatorCandidates, source, null);
    }

    /**
     * The run's settings as stored in {@code profile_runs.settings} (model ids need no escaping).
     */
    String settingsJson() {
      return "{\"experts\": %s, \"keywordModel\": \"%s\"%s}"
          .formatted(
              experts.stream().map(e -> "\"" + e + "\"").toList(),
              keywordModel,
              extendsVersion == null ? "" : ", \"extends\": " + extendsVersion);
    }
  }

  private final ModelPool pool;
  private final Generator generator;
  private final DatabaseClient db;
  private final ProfileRepository profiles;
  private final PromptStyles styles;
  private final Map<Long, Sinks.Many<ProfilingProgress>> progress = new ConcurrentHashMap<>();
  private final Map<Long, Disposable> running = new ConcurrentHashMap<>();

  public ProfilingRuns(
      ModelPool pool,
      Generator generator,
      DatabaseClient db,
      ProfileRepository profiles,
      PromptStyles styles) {
    this.pool = pool;
    this.generator = generator;
    this.db = db;
    this.profiles = profiles;
    this.styles = styles;
  }

  /**
   * Checks the request, records the run and starts it in the background; completes with the run's
   * id.
   */
  public Mono<Long> start(Request request) {
    for (String model :
        concat(
            request.experts(), List.of(request.keywordModel()), request.aggregatorCandidates())) {
      if (pool.spec(model).isEmpty()) {
        return Mono.error(
            new ApiProblemException(
                ProblemType.UNKNOWN_MODEL,
                "No model '" + model + "' in the pool; see GET /admin/api/models.",
                Map.of("model", model)));
      }
    }
    if (request.experts().isEmpty() || request.items().isEmpty()) {
      return Mono.error(
          new ApiProblemException(
              ProblemType.INVALID_REQUEST,
              "A profiling run needs at least one expert and one validation question."));
    }
    return db.sql(
            "INSERT INTO profile_runs (task, validation_file, status, total_items, started_at,"
                + " settings) VALUES (:task, :file, 'running', :total, now(), CAST(:settings AS"
                + " JSONB)) RETURNING id")
        .bind("task", request.task())
        .bind("file", request.source())
        .bind("total", request.items().size())
        .bind("settings", request.settingsJson())
        .map(row -> Columns.required(row, "id", Long.class))
        .one()
        .doOnNext(id -> launch(id, request));
  }

  private void launch(long id, Request request) {
    Sinks.Many<ProfilingProgress> sink = Sinks.many().replay().latest();
    progress.put(id, sink);
    AnswerExtractor extractor = AnswerExtractor.forFormat(ExtractionMode.LENIENT);
    var prompts = styles.expert(request.experts().getFirst());
    KeywordExtractor keywords =
        KeywordExtractor.create(
            generator,
            request.keywordModel(),
            styles.expert(request.keywordModel()),
            styles.keywordSettings(
                request.keywordModel(), KeywordExtractor.Settings.defaults().samples()));
    boolean compact = styles.isZoo(request.experts().getFirst());
    ProfilingRun run =
        ProfilingRun.create(
            generator,
            keywords,
            prompts,
            extractor,
            ProfilingRun.Settings.defaults().withMaxTokens(compact ? 64 : 2048).withSampling(0, 0));
    Mono<StoredProfiles> work =
        run.run(
                ProfilingPlan.detectingFormat(request.task(), request.items(), request.experts()),
                p -> emit(sink, p))
            .flatMap(
                result ->
                    chooseAggregator(request, result, sink)
                        .flatMap(choice -> store(id, request, result, choice.winner()))
                        .switchIfEmpty(Mono.defer(() -> store(id, request, result, null))));
    running.put(
        id,
        work.subscribe(
            stored -> {
              finish(id, "succeeded", null);
              emit(sink, new ProfilingProgress(ProfilingProgress.Phase.FINISHED, 1, 1));
              sink.tryEmitComplete();
              log.info(
                  "profiling run {} for task {} stored profile version {}",
                  id,
                  request.task(),
                  stored.version());
            },
            error -> {
              log.error(
                  "profiling run {} for task {} failed: {}",
                  id,
                  request.task(),
                  error.getMessage());
              finish(id, "failed", String.valueOf(error.getMessage()));
              sink.tryEmitError(error);
            }));
  }

  private Mono<AggregatorChoice> chooseAggregator(
      Request request, ProfilingResult result, Sinks.Many<ProfilingProgress> sink) {
    if (request.aggregatorCandidates().isEmpty()) {
      return Mono.empty();
    }
    String first = request.aggregatorCandidates().getFirst();
    AggregatorBenchmark benchmark =
        AggregatorBenchmark.create(
            generator,
            styles.aggregation(first),
            AnswerExtractor.forFormat(ExtractionMode.LENIENT),
            AggregatorBenchmark.Settings.defaults()
                .withSampleSize(Math.min(200, result.answers().size()))
                .withSynthesis(SynthesisSettings.greedy(styles.isZoo(first) ? 28 : 2048)));
    // the aggregator choice is a refinement: if the benchmark fails, the profiles are still worth
    // storing
    return benchmark
        .run(request.task(), request.aggregatorCandidates(), result.answers(), p -> emit(sink, p))
        .onErrorResume(
            e -> {
              log.warn(
                  "aggregator benchmark for task {} failed, the profiles are stored without an"
                      + " aggregator choice: {}",
                  request.task(),
                  e.getMessage());
              return Mono.empty();
            });
  }

  private Mono<StoredProfiles> store(
      long runId, Request request, ProfilingResult result, @Nullable String aggregator) {
    ProfileSet set = result.profiles();
    Map<String, StoredProfiles.Accuracy> accuracy = new HashMap<>();
    set.accuracy()
        .forEach(
            (model, a) -> accuracy.put(model, new StoredProfiles.Accuracy(a.correct(), a.total())));
    Long base = request.extendsVersion();
    if (base == null) {
      return profiles.save(
          request.task(), "run", runId, aggregator, set.scores(), accuracy, set.questions(), true);
    }
    return profiles
        .find(base)
        .flatMap(
            stored -> {
              var merged = ProfileExtension.merge(stored, set.scores(), accuracy, set.questions());
              return profiles.save(
                  request.task(),
                  "run",
                  runId,
                  stored.aggregatorModel(),
                  merged.scores(),
                  merged.accuracy(),
                  merged.questions(),
                  true);
            });
  }

  private void finish(long id, String status, @Nullable String error) {
    running.remove(id);
    var update =
        db.sql(
                "UPDATE profile_runs SET status = :status, finished_at = now(), done_items ="
                    + " total_items, error = :error WHERE id = :id")
            .bind("status", status)
            .bind("id", id);
    (error == null ? update.bindNull("error", String.class) : update.bind("error", error))
        .then()
        .subscribe(null, e -> log.warn("could not record run {}: {}", id, e.getMessage()));
  }

  private static void emit(Sinks.Many<ProfilingProgress> sink, ProfilingProgress p) {
    sink.emitNext(p, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
  }

  /** The run's progress: its latest state first, then each change, completing when it ends. */
  public Flux<ProfilingProgress> progress(long id) {
    Sinks.Many<ProfilingProgress> sink = progress.get(id);
    if (sink == null) {
      return Flux.error(
          new ApiProblemException(
              ProblemType.NOT_FOUND,
              "No profiling run "
                  + id
                  + " has run since the service started; GET /admin/api/profiles/runs/"
                  + id
                  + " shows its record."));
    }
    return sink.asFlux();
  }

  private static final String RUN_COLUMNS =
      "SELECT id, task, validation_file, status, total_items, error, started_at, finished_at,"
          + " settings ->> 'keywordModel' AS keyword_model,"
          + " (settings ->> 'extends')::bigint AS extends_version,"
          + " ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(settings -> 'experts')"
          + " = 'array' THEN settings -> 'experts' ELSE '[]'::jsonb END)) AS experts"
          + " FROM profile_runs";

  /** The recorded state of a run. */
  public Mono<Map<String, Object>> status(long id) {
    return db.sql(RUN_COLUMNS + " WHERE id = :id")
        .bind("id", id)
        .map(ProfilingRuns::runView)
        .one()
        .switchIfEmpty(
            Mono.error(
                new ApiProblemException(ProblemType.NOT_FOUND, "No profiling run " + id + ".")));
  }

  /** The latest {@code limit} runs, newest first. */
  public Flux<Map<String, Object>> list(int limit) {
    return db.sql(RUN_COLUMNS + " ORDER BY id DESC LIMIT :limit")
        .bind("limit", limit)
        .map(ProfilingRuns::runView)
        .all();
  }

  private static Map<String, Object> runView(io.r2dbc.spi.Readable row) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("id", row.get("id", Long.class));
    out.put("task", row.get("task", String.class));
    out.put("validationFile", row.get("validation_file", String.class));
    out.put("status", row.get("status", String.class));
    out.put("totalItems", row.get("total_items", Integer.class));
    String[] experts = row.get("experts", String[].class);
    out.put("experts", experts == null ? List.of() : List.of(experts));
    putIfPresent(out, "keywordModel", row.get("keyword_model", String.class));
    putIfPresent(out, "extendsVersion", row.get("extends_version", Long.class));
    putIfPresent(out, "error", row.get("error", String.class));
    return out;
  }

  private static void putIfPresent(Map<String, Object> out, String key, @Nullable Object value) {
    if (value != null) {
      out.put(key, value);
    }
  }

  /** Cancels the runs still going (at shutdown). */
  @jakarta.annotation.PreDestroy
  void stop() {
    running.values().forEach(Disposable::dispose);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
