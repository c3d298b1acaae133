package io.symposium.orchestrator.admin;

import io.symposium.orchestrator.config.ModelProperties;
import io.symposium.orchestrator.pool.ModelCatalog;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.orchestrator.problem.StorableText;
import io.symposium.orchestrator.profiles.NewModelProfiling;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.ModelStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/api/models}: the pool's models with status and footprint; add, remove, pin; queue
 * introspection.
 */
@RestController
@RequestMapping("/admin/api")
public class ModelAdminController {

  private final ModelCatalog catalog;
  private final ModelPool pool;
  private final NewModelProfiling profiling;
  private final ModelFacts facts;

  public ModelAdminController(
      ModelCatalog catalog, ModelPool pool, ModelFacts facts, NewModelProfiling profiling) {
    this.catalog = catalog;
    this.pool = pool;
    this.facts = facts;
    this.profiling = profiling;
  }

  /**
   * A model as the admin API shows it: its spec, residency and queue, its file's size, its
   * sparse-MoE facts (null for a dense model) and the pool's counts for it.
   */
  public record ModelView(
      String id,
      String backend,
      String locator,
      @Nullable String remoteName,
      int contextSize,
      int parallelSlots,
      List<String> tags,
      boolean pinned,
      boolean resident,
      long footprintBytes,
      int waiting,
      int inFlight,
      long oldestWaitMillis,
      long estimatedWaitMillis,
      @Nullable Long fileBytes,
      ModelFacts.@Nullable Moe moe,
      ModelFacts.Stats stats) {

    static ModelView of(ModelStatus s, ModelFacts facts) {
      ModelSpec spec = s.spec();
      return new ModelView(
          spec.id(),
          spec.backend().id(),
          spec.backend().isLocal() ? String.valueOf(spec.file()) : String.valueOf(spec.baseUrl()),
          spec.remoteName(),
          spec.contextSize(),
          spec.parallelSlots(),
          spec.tags().stream().sorted().toList(),
          spec.pinned(),
          s.resident(),
          s.footprint().total(),
          s.waiting(),
          s.inFlight(),
          s.oldestWait().toMillis(),
          s.estimatedWait().toMillis(),
          facts.fileBytes(spec),
          facts.moe(spec.id()),
          facts.stats(spec));
    }
  }

  /** The body of {@code POST /admin/api/models}. */
  public record NewModel(
      @NotNull String id,
      @Nullable String backend,
      @Nullable String path,
      @Nullable String baseUrl,
      @Nullable String remoteName,
      @Nullable Integer contextSize,
      @Nullable Integer parallelSlots,
      @Nullable Integer threads,
      @Nullable List<String> tags,
      @Nullable Boolean pinned,
      @Nullable Boolean profile) {

    /** Whether to profile it for the tasks it can join: yes unless refused or not an expert. */
    boolean profiled() {
      boolean helper =
          tags != null && (tags.contains("role:keywords") || tags.contains("role:aggregator"));
      return !Boolean.FALSE.equals(profile) && !helper;
    }

    ModelSpec toSpec() {
      try {
        return new ModelProperties(
                id,
                backend == null ? "llama-cpp" : backend,
                path == null ? null : Path.of(path),
                baseUrl == null ? null : URI.create(baseUrl),
                remoteName,
                contextSize == null ? 2048 : contextSize,
                parallelSlots == null ? 4 : parallelSlots,
                threads == null ? 0 : threads,
                tags == null ? List.of() : tags,
                pinned != null && pinned,
                0) // models registered here are stored without GPU layers: CPU only
            .toSpec();
      } catch (IllegalArgumentException e) {
        throw new ApiProblemException(
            ProblemType.INVALID_REQUEST, ApiProblemException.detailOf(e), Map.of("model", id));
      }
    }
  }

  /** The body of {@code POST /admin/api/models/{id}/pin}. */
  public record Pin(@NotNull Boolean pinned) {}

  @GetMapping("/models")
  Flux<ModelView> list() {
    return catalog.list().map(this::view);
  }

  @PostMapping("/models")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<ModelView> add(@Valid @RequestBody NewModel model) {
    // the new expert is profiled alone in the background (GET /admin/api/profiles/runs lists it)
    return Mono.fromCallable(model::toSpec)
        .flatMap(catalog::add)
        .doOnNext(
            status -> {
              if (model.profiled()) {
                profiling.profileInBackground(model.id());
              }
            })
        .map(this::view);
  }

  @DeleteMapping("/models/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> remove(@PathVariable String id) {
    return catalog.remove(StorableText.require("id", id));
  }

  @PostMapping("/models/{id}/pin")
  Mono<ModelView> pin(@PathVariable String id, @Valid @RequestBody Pin pin) {
    return catalog.pin(StorableText.require("id", id), pin.pinned()).map(this::view);
  }

  private ModelView view(ModelStatus status) {
    return ModelView.of(status, facts);
  }

  /** The pool as a whole: its memory budget, its loads, and the loads batching saved. */
  @GetMapping("/pool/stats")
  Mono<ModelFacts.PoolStats> poolStats() {
    return Mono.fromSupplier(facts::pool);
  }

  /** The scheduler's view: the model being served, every queue, the order models were loaded in. */
  @GetMapping("/pool/queues")
  Mono<Object> queues() {
    return Mono.fromSupplier(pool::queues);
  }
}
