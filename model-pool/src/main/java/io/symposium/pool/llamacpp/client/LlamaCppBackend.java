package io.symposium.pool.llamacpp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symposium.pool.BackendKind;
import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.LocalEngineOptions;
import io.symposium.pool.ModelBackend;
import io.symposium.pool.ModelRejectedException;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.PoolException;
import io.symposium.pool.PoolQueues;
import io.symposium.pool.StreamEvent;
import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.gguf.GgufFormatException;
import io.symposium.pool.gguf.GgufInspector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * GGUF models in a supervised llama.cpp worker process, spoken to over the worker's
 * OpenAI-compatible loopback protocol. The worker starts on the first load; a worker that crashes
 * is replaced by its supervisor, and what was in flight fails as {@link
 * BackendUnavailableException}, which the pool may retry.
 *
 * <p>Native sparse MoE (DESIGN.md "Model pool"): llama.cpp fixes the number of active experts when
 * a model is loaded, so a request for K experts other than the file's own is served by a second
 * instance {@code <model>.k<K>} loaded with {@code expert_used_count = K} on first use. (The engine
 * accepts only {@code [A-Za-z0-9._-]{1,64}} as an id, so the separator is a dot, not {@code @}.)
 * The instances map the same file, so the weights are shared through the page cache; each has its
 * own KV cache. They are unloaded with the model. A K outside 1..expert count is refused here,
 * before the worker sees it.
 */
final class LlamaCppBackend implements ModelBackend {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final long SMALL_MODEL_BYTES = 32L << 20;

  private final LocalEngineOptions options;
  private final LongSupplier ticker;
  private final Map<String, Resident> resident = new ConcurrentHashMap<>();
  private final ExecutorService streamReaders;
  private final Scheduler streams;
  private volatile @Nullable WorkerSupervisor supervisor;
  private boolean closed;

  /**
   * A loaded model: the body that loaded it, what its file says about experts, and its extra
   * instances by active expert count.
   */
  private record Resident(
      ObjectNode loadRequest,
      int expertCount,
      int expertUsedCount,
      Map<Integer, CompletableFuture<String>> instances) {}

  LlamaCppBackend(LocalEngineOptions options, LongSupplier ticker) {
    this.options = options;
    this.ticker = ticker;
    AtomicInteger n = new AtomicInteger();
    // reading a worker's event stream blocks, so it gets platform threads of its own, never a
    // shared pool
    this.streamReaders =
        Executors.newCachedThreadPool(
            r ->
                Thread.ofPlatform()
                    .daemon(true)
                    .name("llamacpp-stream-" + n.incrementAndGet())
                    .unstarted(r));
    this.streams = Schedulers.fromExecutorService(streamReaders, "llamacpp-stream");
  }

  @Override
  public BackendKind kind() {
    return BackendKind.LLAMA_CPP;
  }

  /**
   * Inspects the GGUF in Java, then loads it into the worker (starting the worker on first use).
   */
  @Override
  public void load(ModelSpec spec) {
    if (resident.containsKey(spec.id())) {
      return;
    }
    Path file = spec.requireFile();
    GgufFile gguf = inspect(spec, file);
    ObjectNode request =
        JSON.createObjectNode()
            .put("id", spec.id())
            .put("path", file.toAbsolutePath().toString())
            .put("context_size", spec.contextSize())
            .put("parallel", spec.parallelSlots())
            .put("threads", spec.threads() == 0 ? automaticThreads(file) : spec.threads())
            .put("gpu_layers", spec.gpuLayers());
    await(spec, supervisor().load(request));
    resident.put(
        spec.id(),
        new Resident(
            request,
            (int) gguf.expertCount().orElse(0),
            (int) gguf.expertUsedCount().orElse(0),
            new ConcurrentHashMap<>()));
  }

  /**
   * Threads for a spec that leaves the count to the pool (0): every core, except one thread for a
   * model under {@value #SMALL_MODEL_BYTES} bytes. Such a model's token costs microseconds of
   * arithmetic, while ggml's CPU backend joins its threads at a spinning barrier after every op: on
   * shared or busy cores the second thread is often not running, and the first spins out its time
   * slice waiting for it (the 3.6 MB zoo models decoded at 300–690 tok/s on one thread and 5–40 on
   * two, measured side by side on a loaded 2-core host; model-pool/README.md).
   */
  static int automaticThreads(Path file) {
    long bytes;
    try {
      bytes = Files.size(file);
    } catch (IOException e) {
      bytes = Long.MAX_VALUE; // unknown: the load itself will report the file
    }
    return bytes < SMALL_MODEL_BYTES ? 1 : Runtime.getRuntime().availableProcessors();
  }

  /** Unloads the model and every expert-count instance of it. */
  @Override
  public void unload(ModelSpec spec) {
    Resident model = resident.remove(spec.id());
    if (model == null) {
      return;
    }
    for (CompletableFuture<String> instance : model.instances().values()) {
      if (instance.isDone() && !instance.isCompletedExceptionally()) {
        unloadQuietly(spec, instance.join());
      }
    }
    unloadQuietly(spec, spec.id());
  }

  @Override
  public CompletableFuture<Completion> complete(ModelSpec spec, CompletionRequest request) {
    long start = ticker.getAsLong();
    CompletableFuture<JsonNode> call =
        instance(spec, request)
            .thenCompose(
                id ->
                    supervisor()
                        .worker()
                        .postCancellable(
                            "/v1/completions",
                            CompletionWire.body(id, request),
                            options.requestTimeout()));
    CompletableFuture<Completion> result =
        call.handle(
            (answer, error) -> {
              if (error != null) {
                throw WorkerFailures.of(spec, error);
              }
              return CompletionWire.completion(
                  spec, answer, Duration.ofNanos(ticker.getAsLong() - start));
            });
    // a caller that gives up (a client that went away) cancels the generation in the worker too
    result.whenComplete(
        (c, e) -> {
          if (result.isCancelled()) {
            call.cancel(true);
          }
        });
    return result;
  }

  /**
   * Streams the worker's server-sent events. Cancelling closes the HTTP response; the worker's next
   * write fails, and it cancels the generation and frees the sequence.
   */
  @Override
  public Flux<StreamEvent> stream(ModelSpec spec, CompletionRequest request) {
    return Mono.defer(() -> Mono.fromFuture(instance(spec, request), true))
        .flatMap(
            id ->
                Mono.defer(
                    () ->
                        Mono.fromFuture(
                            supervisor()
                                .worker()
                                .postStreaming(
                                    "/v1/completions",
                                    CompletionWire.body(id, request).put("stream", true),
                                    options.requestTimeout()))))
        .flatMapMany(CompletionWire::events)
        .subscribeOn(streams)
        .onErrorMap(error -> WorkerFailures.of(spec, error));
  }

  @Override
  public synchronized void close() {
    closed = true;
    resident.clear();
    if (supervisor != null) {
      supervisor.close();
      supervisor = null;
    }
    streams.dispose();
  }

  /**
   * The supervisor's count; no worker started yet means none restarted. Not synchronized: a scrape
   * must not wait for a worker to start.
   */
  @Override
  public int engineRestarts() {
    WorkerSupervisor current = supervisor;
    return current == null ? 0 : current.restarts();
  }

  /**
   * Generations running in the worker now (its health check's count); for tests that a cancelled
   * stream stopped.
   */
  int generationsInFlight() {
    return supervisor()
        .worker()
        .get("/health", options.requestTimeout())
        .join()
        .path("in_flight")
        .asInt();
  }

  // ---- instances ----

  /**
   * The worker instance that serves {@code request}: the model itself, or its instance for the
   * requested expert count.
   */
  private CompletableFuture<String> instance(ModelSpec spec, CompletionRequest request) {
    Resident model = resident.get(spec.id());
    if (model == null) {
      return CompletableFuture.failedFuture(
          new ModelRejectedException(
              "model '"
                  + spec.id()
                  + "' is not loaded on llama.cpp; load it before sending requests"));
    }
    Integer experts = request.activeExperts();
    if (experts == null || experts == model.expertUsedCount()) {
      return CompletableFuture.completedFuture(spec.id());
    }
    if (model.expertCount() == 0) {
      return CompletableFuture.failedFuture(
          new ModelRejectedException(
              "model '%s' is dense (its GGUF has no experts); leave active experts unset, got %d"
                  .formatted(spec.id(), experts)));
    }
    if (experts < 1 || experts > model.expertCount()) {
      return CompletableFuture.failedFuture(
          new ModelRejectedException(
              "model '%s' has %d experts per layer; active experts must be 1 to %d, got %d"
                  .formatted(spec.id(), model.expertCount(), model.expertCount(), experts)));
    }
    String instanceId = instanceId(spec, experts);
    if (instanceId.length() > 64 || resident.containsKey(instanceId)) {
      return CompletableFuture.failedFuture(
          new ModelRejectedException(
              "model '%s' cannot get an instance with %d active experts: its instance id '%s' is longer than 64 characters or is the id of another model; rename the model"
                  .formatted(spec.id(), experts, instanceId)));
    }
    CompletableFuture<String> instance =
        model.instances().computeIfAbsent(experts, k -> loadInstance(instanceId, model, k));
    // a failed load is forgotten, so the next request tries again
    instance.whenComplete(
        (id, error) -> {
          if (error != null) {
            model.instances().remove(experts, instance);
          }
        });
    return instance;
  }

  static String instanceId(ModelSpec spec, int experts) {
    // the queue view names instances the same way
    return PoolQueues.Instance.idOf(spec.id(), experts, 0);
  }

  private CompletableFuture<String> loadInstance(String id, Resident model, int experts) {
    ObjectNode request =
        model.loadRequest().deepCopy().put("id", id).put("expert_used_count", experts);
    try {
      return supervisor().load(request).thenApply(answer -> id);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void unloadQuietly(ModelSpec spec, String instanceId) {
    WorkerSupervisor current;
    synchronized (this) {
      current = supervisor;
    }
    if (current == null) {
      return;
    }
    try {
      current.unload(instanceId).join();
    } catch (RuntimeException e) {
      PoolException failure = WorkerFailures.of(spec, e);
      // gone already (a restarted worker that dropped it) is what unloading wants anyway
      if (!(WorkerFailures.unwrap(e) instanceof WorkerResponseException w && w.status() == 404)) {
        throw failure;
      }
    }
  }

  // ---- worker and failures ----

  private synchronized WorkerSupervisor supervisor() {
    if (closed) {
      throw new BackendUnavailableException("the llama.cpp backend is closed");
    }
    if (supervisor == null) {
      Path library = options.library();
      List<String> args = library == null ? List.of() : List.of("--library", library.toString());
      try {
        supervisor =
            WorkerSupervisor.start(
                WorkerSupervisor.Options.defaults()
                    .withCommand(() -> WorkerProcess.defaultCommand(args)));
      } catch (WorkerFailedException e) {
        throw new BackendUnavailableException(
            "could not start the llama.cpp worker process"
                + (library == null ? "" : " with library " + library)
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return supervisor;
  }

  private static GgufFile inspect(ModelSpec spec, Path file) {
    try {
      return GgufInspector.inspect(file);
    } catch (GgufFormatException e) {
      throw new ModelRejectedException(
          "model '" + spec.id() + "': file " + file + " rejected: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new ModelRejectedException(
          "model '"
              + spec.id()
              + "': file "
              + file
              + " cannot be read: "
              + Objects.requireNonNull(e.getCause(), "an UncheckedIOException has a cause")
                  .getMessage(),
          e);
    }
  }

  private void await(ModelSpec spec, CompletableFuture<?> call) {
    try {
      call.join();
    } catch (RuntimeException e) {
      throw WorkerFailures.of(spec, e);
    }
  }
}
