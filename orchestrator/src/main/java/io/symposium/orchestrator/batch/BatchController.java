package io.symposium.orchestrator.batch;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.orchestrator.query.ServiceInstance;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's {@code /v1/batches}: create a batch over an uploaded input file, read it (its status,
 * {@code request_counts} and, in the extension member {@code symposium}, the running plan's phase
 * and the model loads so far), list them, cancel one. {@link BatchRunner} does the work.
 */
@RestController
public class BatchController {

  /** What {@code POST /v1/batches} takes. */
  public record CreateBatch(
      @Nullable String input_file_id,
      @Nullable String endpoint,
      @Nullable String completion_window,
      @Nullable Map<String, String> metadata) {}

  private final BatchRepository repository;
  private final BatchRunner runner;
  private final ServiceInstance instance;
  private final JsonMapper json;

  public BatchController(
      BatchRepository repository, BatchRunner runner, ServiceInstance instance, JsonMapper json) {
    this.repository = repository;
    this.runner = runner;
    this.instance = instance;
    this.json = json;
  }

  @PostMapping(path = "/v1/batches", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<Map<String, Object>> create(@RequestBody CreateBatch request) {
    String fileId = required(request.input_file_id(), "input_file_id");
    String endpoint = required(request.endpoint(), "endpoint");
    if (!BatchInput.ENDPOINTS.contains(endpoint)) {
      throw invalid(
          "endpoint must be one of " + BatchInput.ENDPOINTS + " (got '" + endpoint + "').",
          "endpoint");
    }
    String window = required(request.completion_window(), "completion_window");
    if (!"24h".equals(window)) {
      throw invalid("completion_window must be '24h' (got '" + window + "').", "completion_window");
    }
    Map<String, String> metadata = request.metadata();
    if (metadata != null
        && (metadata.size() > 16
            || metadata.entrySet().stream()
                .anyMatch(
                    e ->
                        e.getKey().length() > 64 || String.valueOf(e.getValue()).length() > 512))) {
      throw invalid(
          "metadata takes at most 16 pairs, keys of at most 64 and values of at most 512"
              + " characters.",
          "metadata");
    }
    String id = "batch_" + UUID.randomUUID().toString().replace("-", "");
    return repository
        .findFile(fileId)
        .switchIfEmpty(
            Mono.error(
                () ->
                    new ApiProblemException(
                        ProblemType.NOT_FOUND,
                        "No file '" + fileId + "'; upload it with POST /v1/files first.",
                        Map.of("error", Map.of("param", "input_file_id")))))
        .flatMap(
            file -> {
              if (!"batch".equals(file.purpose())) {
                return Mono.error(
                    invalid(
                        "The file '"
                            + fileId
                            + "' has purpose '"
                            + file.purpose()
                            + "', not batch.",
                        "input_file_id"));
              }
              return repository.insertBatch(
                  id,
                  fileId,
                  endpoint,
                  window,
                  metadata == null ? null : json.writeValueAsString(metadata),
                  instance.id());
            })
        .doOnNext(batch -> runner.submit(batch.id()))
        .map(this::view);
  }

  @GetMapping("/v1/batches/{id}")
  Mono<Map<String, Object>> batch(@PathVariable String id) {
    return repository.findBatch(id).switchIfEmpty(Mono.error(() -> notFound(id))).map(this::view);
  }

  @GetMapping("/v1/batches")
  Mono<Map<String, Object>> list(
      @RequestParam(defaultValue = "20") int limit,
      @RequestParam(required = false) @Nullable String after) {
    if (limit < 1 || limit > 100) {
      throw invalid("limit must be 1 to 100 (got " + limit + ").", "limit");
    }
    return repository
        .listBatches(limit + 1, after)
        .map(this::view)
        .collectList()
        .map(
            page -> {
              boolean more = page.size() > limit;
              List<Map<String, Object>> data = more ? page.subList(0, limit) : page;
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("object", "list");
              out.put("data", data);
              out.put("first_id", data.isEmpty() ? null : data.getFirst().get("id"));
              out.put("last_id", data.isEmpty() ? null : data.getLast().get("id"));
              out.put("has_more", more);
              return out;
            });
  }

  /**
   * Cancels a validating or running batch: {@code cancelling} at once, {@code cancelled} once its
   * running plan has stopped (the lines answered so far are in its output files); a batch already
   * cancelling or cancelled is returned as it is, a finished one is a 409.
   */
  @PostMapping("/v1/batches/{id}/cancel")
  Mono<Map<String, Object>> cancel(@PathVariable String id) {
    return repository
        .findBatch(id)
        .switchIfEmpty(Mono.error(() -> notFound(id)))
        .flatMap(
            batch ->
                switch (batch.status()) {
                  case VALIDATING, IN_PROGRESS ->
                      repository
                          .cancel(id)
                          .doOnNext(moved -> runner.cancelled(id))
                          .then(repository.findBatch(id));
                  case CANCELLING, CANCELLED -> Mono.just(batch);
                  case FINALIZING, COMPLETED, FAILED ->
                      Mono.error(
                          new ApiProblemException(
                              ProblemType.CONFLICT,
                              "Batch "
                                  + id
                                  + " is "
                                  + batch.status().id()
                                  + "; it cannot be cancelled."));
                })
        .map(this::view);
  }

  /** OpenAI's batch object, with Symposium's progress in {@code symposium}. */
  private Map<String, Object> view(BatchRepository.StoredBatch b) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", b.id());
    out.put("object", "batch");
    out.put("endpoint", b.endpoint());
    out.put("errors", b.errors() == null ? null : json.readTree(b.errors()));
    out.put("input_file_id", b.inputFileId());
    out.put("completion_window", b.completionWindow());
    out.put("status", b.status().id());
    out.put("output_file_id", b.outputFileId());
    out.put("error_file_id", b.errorFileId());
    out.put("created_at", seconds(b.createdAt()));
    out.put("in_progress_at", seconds(b.inProgressAt()));
    out.put("expires_at", null); // a batch here has no deadline: it runs until it is done
    out.put("finalizing_at", seconds(b.finalizingAt()));
    out.put("completed_at", seconds(b.completedAt()));
    out.put("failed_at", seconds(b.failedAt()));
    out.put("expired_at", null);
    out.put("cancelling_at", seconds(b.cancellingAt()));
    out.put("cancelled_at", seconds(b.cancelledAt()));
    out.put(
        "request_counts",
        Map.of("total", b.total(), "completed", b.completed(), "failed", b.failed()));
    JsonNode metadata = b.metadata() == null ? null : json.readTree(b.metadata());
    out.put("metadata", metadata);
    BatchRunner.Progress progress = runner.progress(b.id());
    Map<String, Object> extension = new LinkedHashMap<>();
    extension.put("phase", progress == null ? null : progress.phase());
    extension.put("phase_done", progress == null ? null : progress.done());
    extension.put("phase_total", progress == null ? null : progress.total());
    extension.put("loads", b.loads() + (progress == null ? 0 : progress.loads()));
    extension.put("instance", b.instanceId());
    out.put("symposium", extension);
    return out;
  }

  private static @Nullable Long seconds(@Nullable Instant at) {
    return at == null ? null : at.getEpochSecond();
  }

  private static String required(@Nullable String value, String param) {
    if (value == null || value.isBlank()) {
      throw invalid(param + " is required.", param);
    }
    return value;
  }

  private static ApiProblemException notFound(String id) {
    return new ApiProblemException(
        ProblemType.NOT_FOUND,
        "No batch '" + id + "'.",
        Map.of("error", Map.of("param", "batch_id")));
  }

  private static ApiProblemException invalid(String detail, String param) {
    return FileController.invalid(detail, param);
  }
}
