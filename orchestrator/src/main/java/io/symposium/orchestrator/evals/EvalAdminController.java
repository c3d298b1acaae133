package io.symposium.orchestrator.evals;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/api/evals}: start an evaluation run (the evals CLI in a child JVM), list runs,
 * follow one's progress, read its per-method accuracy and its HTML report.
 */
@RestController
@RequestMapping("/admin/api/evals")
public class EvalAdminController {
  static final Duration POLL = Duration.ofMillis(500);

  private final EvalRuns evals;
  private final EvalRunRepository runs;

  public EvalAdminController(EvalRuns evals, EvalRunRepository runs) {
    this.evals = evals;
    this.runs = runs;
  }

  /**
   * The body of {@code POST /admin/api/evals}: {@code dataset} "zoo" (default) or a benchmark file
   * under the service's benchmark directories, {@code methods} (default all), {@code seeds}
   * (default [0]), {@code limit} test questions per skill or category (default 4); for quick runs,
   * {@code profileLimit} validation questions per skill to profile on (default 16) and {@code
   * naiveItems} questions of the naive-loading comparison (default 10, 0 skips it).
   */
  public record NewEval(
      @Nullable String dataset,
      @Nullable List<String> methods,
      @Nullable List<Long> seeds,
      @Nullable Integer limit,
      @Nullable Integer profileLimit,
      @Nullable Integer naiveItems) {}

  /** The answer to a started run. */
  public record Started(String id, String status) {}

  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<Started> start(@RequestBody NewEval body) {
    return Mono.fromCallable(() -> evals.check(body))
        .flatMap(evals::start)
        .map(id -> new Started(id.toString(), "queued"));
  }

  /** Runs, newest first. */
  @GetMapping
  Flux<Map<String, Object>> list(
      @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
    if (limit < 1 || limit > 500 || offset < 0)
      return Flux.error(
          new ApiProblemException(
              ProblemType.INVALID_REQUEST,
              "limit must be 1-500 and offset >= 0, got " + limit + " and " + offset + "."));
    return runs.list(limit, offset);
  }

  /** Status, progress and, when done, per method accuracy (with std, 95 % interval, cost). */
  @GetMapping("/{id}")
  Mono<Map<String, Object>> status(@PathVariable UUID id) {
    return found(id)
        .flatMap(
            run ->
                runs.items(id)
                    .map(
                        n -> {
                          Map<String, Object> out = new LinkedHashMap<>(run);
                          out.put("items", n);
                          return out;
                        }));
  }

  /**
   * Progress as server-sent events: {@code progress} whenever it changes, then {@code done} (with
   * the run) or {@code failed} (with its error), and the stream ends.
   */
  @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<Object>> events(@PathVariable UUID id) {
    return found(id)
        .flatMapMany(
            first ->
                Flux.interval(Duration.ZERO, POLL)
                    .concatMap(tick -> runs.find(id))
                    .map(EvalAdminController::event)
                    .distinctUntilChanged()
                    .takeUntil(
                        e ->
                            !"running".equals(e.get("status"))
                                && !"queued".equals(e.get("status"))))
        .map(
            e ->
                ServerSentEvent.<Object>builder(e)
                    .event(
                        switch (String.valueOf(e.get("status"))) {
                          case "done" -> "done";
                          case "failed" -> "failed";
                          default -> "progress";
                        })
                    .build());
  }

  /** The self-contained HTML report (plots embedded); 404 until the run is done. */
  @GetMapping(path = "/{id}/report", produces = MediaType.TEXT_HTML_VALUE)
  Mono<String> report(@PathVariable UUID id) {
    return found(id)
        .flatMap(
            run ->
                runs.report(id)
                    .switchIfEmpty(
                        Mono.error(
                            new ApiProblemException(
                                ProblemType.NOT_FOUND,
                                "Eval run "
                                    + id
                                    + " has no report yet (status "
                                    + run.get("status")
                                    + ")."))));
  }

  private Mono<Map<String, Object>> found(UUID id) {
    return runs.find(id)
        .switchIfEmpty(
            Mono.error(
                new ApiProblemException(
                    ProblemType.NOT_FOUND,
                    "No eval run " + id + "; GET /admin/api/evals lists them.")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> event(Map<String, Object> run) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", run.get("id"));
    e.put("status", run.get("status"));
    Map<String, Object> progress =
        (Map<String, Object>) Objects.requireNonNull(run.get("progress"));
    e.putAll(progress);
    if (run.get("error") != null) e.put("error", run.get("error"));
    return e;
  }
}
