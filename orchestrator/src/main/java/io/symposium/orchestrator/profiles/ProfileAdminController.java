package io.symposium.orchestrator.profiles;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.orchestrator.routing.SkillProfiles;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/api/profiles}: stored profile versions, the active one per task with its model ×
 * skill scores, activation, and import/export in the reference Symbolic-MoE format (one JSON object
 * per model, keyword → integer score).
 */
@RestController
@RequestMapping("/admin/api/profiles")
public class ProfileAdminController {

  private static final java.util.regex.Pattern MODEL_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final ProfileRepository profiles;
  private final ProfilingRuns runs;

  public ProfileAdminController(ProfileRepository profiles, ProfilingRuns runs) {
    this.profiles = profiles;
    this.runs = runs;
  }

  /**
   * The body of {@code POST /admin/api/profiles/runs}: the task, a validation file in the benchmark
   * JSON format (a path on the server), the experts to profile, the keyword model, and the
   * aggregator candidates for the aggregator benchmark (optional).
   */
  public record RunRequest(
      @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String task,
      @NotBlank String validationFile,
      @NotEmpty java.util.List<String> experts,
      @NotBlank String keywordModel,
      java.util.@Nullable List<String> aggregators,
      @Nullable @jakarta.validation.constraints.Min(1) Integer limit) {}

  @PostMapping("/runs")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<Map<String, Object>> startRun(@Valid @RequestBody RunRequest body) {
    return Mono.fromCallable(
            () ->
                io.symposium.profile.BenchmarkFile.read(
                    java.nio.file.Path.of(body.validationFile())))
        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
        .onErrorMap(
            e -> !(e instanceof ApiProblemException),
            e ->
                new ApiProblemException(
                    ProblemType.INVALID_REQUEST, "validation file: " + e.getMessage()))
        .flatMap(
            items -> {
              var selected =
                  body.limit() == null
                      ? items
                      : items.subList(0, Math.min(body.limit(), items.size()));
              return runs.start(
                  new ProfilingRuns.Request(
                      body.task(),
                      selected,
                      body.experts(),
                      body.keywordModel(),
                      body.aggregators() == null ? java.util.List.of() : body.aggregators(),
                      body.validationFile()));
            })
        .map(
            id ->
                Map.<String, Object>of(
                    "runId",
                    id,
                    "task",
                    body.task(),
                    "progress",
                    "/admin/api/profiles/runs/" + id + "/events"));
  }

  /**
   * The latest profiling runs, newest first ({@code extendsVersion} marks a run that profiled
   * models added to the pool into a copy of that version).
   */
  @GetMapping("/runs")
  reactor.core.publisher.Flux<Map<String, Object>> runs(
      @org.springframework.web.bind.annotation.RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > 500) {
      return reactor.core.publisher.Flux.error(
          new ApiProblemException(
              ProblemType.INVALID_REQUEST, "limit must be 1-500, got " + limit + "."));
    }
    return runs.list(limit);
  }

  @GetMapping("/runs/{id}")
  Mono<Map<String, Object>> run(@PathVariable long id) {
    return runs.status(id);
  }

  /**
   * The run's progress as server-sent events ({@code progress}, then {@code done}, or {@code
   * error}).
   */
  @GetMapping(
      path = "/runs/{id}/events",
      produces = org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE)
  reactor.core.publisher.Flux<org.springframework.http.codec.ServerSentEvent<Object>> runEvents(
      @PathVariable long id) {
    return runs.progress(id)
        .map(
            p ->
                org.springframework.http.codec.ServerSentEvent.<Object>builder(p)
                    .event("progress")
                    .build())
        .concatWith(
            Mono.just(
                org.springframework.http.codec.ServerSentEvent.<Object>builder(Map.of("runId", id))
                    .event("done")
                    .build()))
        .onErrorResume(
            e ->
                Mono.just(
                    org.springframework.http.codec.ServerSentEvent.<Object>builder(
                            Map.of(
                                "type",
                                "/problems/profiling-failed",
                                "title",
                                "Profiling failed",
                                "status",
                                500,
                                "detail",
                                String.valueOf(e.getMessage())))
                        .event("error")
                        .build()));
  }

  /** The body of an import: the reference format, for one task. */
  public record ProfileImport(
      @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String task,
      @NotEmpty Map<String, Map<String, Integer>> profiles,
      @Nullable Boolean activate) {}

  /**
   * Every version (newest first per task); with {@code task}, also that task's active profiles and
   * scores.
   */
  @GetMapping
  Mono<Map<String, Object>> list(@RequestParam(required = false) @Nullable String task) {
    Mono<Map<String, Object>> versions =
        profiles.versions().collectList().map(v -> Map.<String, Object>of("versions", v));
    if (task == null) {
      return versions;
    }
    return versions
        .zipWith(
            profiles
                .active(task)
                .map(p -> Map.<String, Object>of("active", p))
                .defaultIfEmpty(Map.of()))
        .map(
            t -> {
              var out = new java.util.LinkedHashMap<String, Object>(t.getT1());
              out.putAll(t.getT2());
              return out;
            });
  }

  /**
   * One version with its scores, accuracies and question counts, and each model's global competence
   * γ as the routers compute it from those scores.
   */
  @GetMapping("/{id}")
  Mono<Map<String, Object>> one(@PathVariable long id) {
    return profiles
        .find(id)
        .switchIfEmpty(Mono.error(notFound(id)))
        .map(ProfileAdminController::view);
  }

  private static Map<String, Object> view(StoredProfiles p) {
    var out = new java.util.LinkedHashMap<String, Object>();
    out.put("id", p.id());
    out.put("task", p.task());
    out.put("version", p.version());
    out.put("active", p.active());
    out.put("origin", p.origin());
    out.put("aggregatorModel", p.aggregatorModel());
    out.put("createdAt", p.createdAt());
    out.put("scores", p.scores());
    out.put("accuracy", p.accuracy());
    out.put("questions", p.questions());
    var competence = new java.util.TreeMap<String, Double>();
    if (!p.scores().isEmpty()) {
      SkillProfiles indexed = SkillProfiles.fromReferenceJson(p.scores());
      p.scores().keySet().forEach(m -> competence.put(m, indexed.globalCompetence(m)));
    }
    out.put("competence", competence);
    return out;
  }

  /** The version in the reference format: model → keyword → score. */
  @GetMapping("/{id}/export")
  Mono<Map<String, Map<String, Integer>>> export(@PathVariable long id) {
    return profiles.find(id).switchIfEmpty(Mono.error(notFound(id))).map(StoredProfiles::scores);
  }

  @PostMapping("/{id}/activate")
  Mono<StoredProfiles> activate(@PathVariable long id) {
    return profiles.find(id).switchIfEmpty(Mono.error(notFound(id))).then(profiles.activate(id));
  }

  @PostMapping("/import")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<StoredProfiles> importProfiles(@Valid @RequestBody ProfileImport body) {
    body.profiles()
        .forEach(
            (model, scores) -> {
              if (scores == null) {
                throw new ApiProblemException(
                    ProblemType.INVALID_REQUEST,
                    "each profile needs a model id and a keyword → score object");
              }
              if (!MODEL_ID.matcher(model).matches()) {
                // the pool's rule for model ids; a longer one would not fit the scores' index
                throw new ApiProblemException(
                    ProblemType.INVALID_REQUEST,
                    "profile model ids must be 1 to 64 letters, digits, '.', '_' or '-'");
              }
              scores.forEach(
                  (keyword, score) -> {
                    if (keyword.isBlank() || keyword.length() > 64 || score == null) {
                      throw new ApiProblemException(
                          ProblemType.INVALID_REQUEST,
                          "model '%s': keyword '%s' must be 1–64 characters with an integer score"
                              .formatted(model, keyword),
                          Map.of("model", model));
                    }
                  });
            });
    return profiles.save(
        body.task(),
        "import",
        null,
        null,
        body.profiles(),
        Map.of(),
        Map.of(), // the reference format has no question counts
        body.activate() == null || body.activate());
  }

  private static ApiProblemException notFound(long id) {
    return new ApiProblemException(
        ProblemType.NOT_FOUND,
        "No profile version " + id + "; GET /admin/api/profiles lists them.");
  }
}
