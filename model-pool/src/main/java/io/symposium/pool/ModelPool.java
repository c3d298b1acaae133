package io.symposium.pool;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.residency.MemoryDemand;
import io.symposium.pool.residency.ResidencyLedger;
import io.symposium.pool.schedule.BatchScheduler;
import io.symposium.pool.schedule.PoolMetrics;
import io.symposium.pool.schedule.SchedulingPolicy;
import io.symposium.pool.template.ChatTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The pool of expert models: registration, memory-budgeted residency and batch-by-model scheduling
 * behind one small API. Every call returns at once; the work runs on the pool's own threads (the
 * scheduler, the backends' workers), never on the caller's, so it is safe to call from an event
 * loop.
 */
public final class ModelPool implements AutoCloseable {

  /**
   * How the pool behaves.
   *
   * @param memoryBudgetBytes the most host memory resident local models may take together
   * @param maxWait the longest a request waits for its model while another model is being served
   * @param queueLimit the most requests waiting per model
   * @param requestTimeout the longest one backend call may take
   * @param retries how often a retriable failure (a worker restart, a remote server hiccup) is
   *     retried
   * @param retryBackoff the first retry's delay, doubled each time
   * @param modelDirectories the only directories local model files may come from
   * @param loadAhead what happens to the next model while the current one computes
   * @param gpuMemoryBudgetBytes the most GPU memory resident local models may take together (their
   *     offloaded layers' weights, KV cache and compute buffers); 0 where nothing is offloaded
   */
  public record Config(
      long memoryBudgetBytes,
      Duration maxWait,
      int queueLimit,
      Duration requestTimeout,
      int retries,
      Duration retryBackoff,
      List<Path> modelDirectories,
      LoadAhead loadAhead,
      long gpuMemoryBudgetBytes) {
    public Config {
      modelDirectories = List.copyOf(modelDirectories);
      if (gpuMemoryBudgetBytes < 0) {
        throw new IllegalArgumentException(
            "the GPU memory budget must be >= 0 bytes, got " + gpuMemoryBudgetBytes);
      }
    }

    /** Without a GPU memory budget: every model runs on the CPU. */
    public Config(
        long memoryBudgetBytes,
        Duration maxWait,
        int queueLimit,
        Duration requestTimeout,
        int retries,
        Duration retryBackoff,
        List<Path> modelDirectories,
        LoadAhead loadAhead) {
      this(
          memoryBudgetBytes,
          maxWait,
          queueLimit,
          requestTimeout,
          retries,
          retryBackoff,
          modelDirectories,
          loadAhead,
          0);
    }

    /** With the default {@link LoadAhead#LOAD}. */
    public Config(
        long memoryBudgetBytes,
        Duration maxWait,
        int queueLimit,
        Duration requestTimeout,
        int retries,
        Duration retryBackoff,
        List<Path> modelDirectories) {
      this(
          memoryBudgetBytes,
          maxWait,
          queueLimit,
          requestTimeout,
          retries,
          retryBackoff,
          modelDirectories,
          LoadAhead.LOAD);
    }

    public Config withModelDirectories(List<Path> directories) {
      return new Config(
          memoryBudgetBytes,
          maxWait,
          queueLimit,
          requestTimeout,
          retries,
          retryBackoff,
          directories,
          loadAhead,
          gpuMemoryBudgetBytes);
    }

    public Config withGpuMemoryBudget(long bytes) {
      return new Config(
          memoryBudgetBytes,
          maxWait,
          queueLimit,
          requestTimeout,
          retries,
          retryBackoff,
          modelDirectories,
          loadAhead,
          bytes);
    }
  }

  private final Config config;
  private final LocalModelCheck localCheck;
  private final Map<BackendKind, ModelBackend> backends;
  private final Map<String, ModelSpec> specs = new ConcurrentHashMap<>();
  private final Map<String, Footprint> footprints = new ConcurrentHashMap<>();
  private final Map<String, Integer> expertCounts = new ConcurrentHashMap<>();
  private final Map<String, Integer> activeExpertCounts = new ConcurrentHashMap<>();
  private final ExpertInstances instances = new ExpertInstances();
  private final ChatRendering chats = new ChatRendering();
  private final Map<String, Double> recentLatencyMillis = new ConcurrentHashMap<>();
  private final ResidencyLedger ledger;
  private final PoolMetrics metrics;
  private final BatchScheduler scheduler;

  private ModelPool(
      Config config,
      Map<BackendKind, ModelBackend> backends,
      InstantSource clock,
      MeterRegistry registry) {
    this.config = config;
    this.localCheck = new LocalModelCheck(config);
    this.backends = new EnumMap<>(backends);
    this.ledger =
        new ResidencyLedger(config.memoryBudgetBytes(), config.gpuMemoryBudgetBytes(), clock);
    this.metrics = new PoolMetrics(registry);
    BatchScheduler.Models models =
        new BatchScheduler.Models() {
          @Override
          public ModelSpec spec(String id) {
            return requireSpec(id);
          }

          @Override
          public ModelBackend backend(ModelSpec spec) {
            return requireBackend(spec.backend());
          }

          @Override
          public MemoryDemand demand(ModelSpec spec) {
            Footprint f = footprints.getOrDefault(spec.id(), Footprint.none());
            return new MemoryDemand(f.hostBytes(), f.gpuBytes());
          }
        };
    this.scheduler =
        new BatchScheduler(
            models,
            ledger,
            new SchedulingPolicy(config.maxWait()),
            clock,
            metrics,
            new BatchScheduler.Limits(
                config.queueLimit(),
                config.requestTimeout(),
                config.retries(),
                config.retryBackoff()),
            config.loadAhead());
    this.backends.forEach(
        (kind, backend) ->
            FunctionCounter.builder(
                    "symposium.pool.worker.restarts", backend, b -> b.engineRestarts())
                .tag("backend", kind.id())
                .description("engine processes replaced after a crash or a hang")
                .register(registry));
  }

  public static ModelPool create(
      Config config,
      Map<BackendKind, ModelBackend> backends,
      InstantSource clock,
      MeterRegistry registry) {
    return new ModelPool(config, backends, clock, registry);
  }

  // ---- registration ----

  /**
   * Adds a model. A local model's file must lie under a configured model directory, be a valid
   * GGUF, and fit the memory budget on its own; a remote model needs its backend configured.
   *
   * @throws ModelRejectedException when any of that does not hold, or the id is taken
   */
  public ModelSpec register(ModelSpec spec) {
    requireBackend(spec.backend());
    Footprint footprint = Footprint.none();
    Optional<ChatTemplate> template = Optional.empty();
    if (spec.backend().isLocal()) {
      LocalModelCheck.Checked checked = localCheck.check(spec);
      GgufFile gguf = checked.gguf();
      footprint = checked.footprint();
      template = ChatRendering.checked(spec.id(), gguf);
      gguf.expertCount()
          .ifPresent(
              n -> {
                int used = (int) gguf.expertUsedCount().orElse(n);
                expertCounts.put(spec.id(), (int) n);
                activeExpertCounts.put(spec.id(), used);
                instances.register(spec.id(), used);
              });
    }
    if (specs.putIfAbsent(spec.id(), spec) != null) {
      throw new ModelRejectedException(
          "a model '" + spec.id() + "' is already registered; remove it first or pick another id");
    }
    footprints.put(spec.id(), footprint);
    template.ifPresent(t -> chats.put(spec.id(), t));
    ledger.pin(spec.id(), spec.pinned());
    return spec;
  }

  /** Removes a model: unloads it when idle; its queued work fails. */
  public void remove(String id) {
    requireSpec(id);
    if (!scheduler.evict(id) && ledger.isResident(id)) {
      throw new ModelRejectedException(
          "model '"
              + id
              + "' is busy (work in flight, or being loaded or unloaded); remove it when it is"
              + " idle");
    }
    scheduler.forget(id);
    instances.forget(id);
    expertCounts.remove(id);
    activeExpertCounts.remove(id);
    chats.forget(id);
    specs.remove(id);
    footprints.remove(id);
    ledger.pin(id, false);
  }

  /** Pins (never evicted) or unpins a model. */
  public ModelSpec pin(String id, boolean pinned) {
    ModelSpec spec = requireSpec(id).withPinned(pinned);
    specs.put(id, spec);
    ledger.pin(id, pinned);
    return spec;
  }

  public Optional<ModelSpec> spec(String id) {
    return Optional.ofNullable(specs.get(id));
  }

  /** Experts per layer of a sparse-MoE model, empty for a dense or remote one. */
  public Optional<Integer> expertCount(String id) {
    return Optional.ofNullable(expertCounts.get(id));
  }

  /** Experts per token as the file of a sparse-MoE model sets it, empty for a dense one. */
  public Optional<Integer> activeExpertCount(String id) {
    return Optional.ofNullable(activeExpertCounts.get(id));
  }

  /** Every registered model with its residency, footprint and queue. */
  public List<ModelStatus> models() {
    PoolQueues snapshot = scheduler.snapshot();
    List<ModelStatus> out = new ArrayList<>();
    for (ModelSpec spec :
        specs.values().stream().sorted(java.util.Comparator.comparing(ModelSpec::id)).toList()) {
      var queue =
          snapshot.queues().getOrDefault(spec.id(), new PoolQueues.Queue(0, 0, Duration.ZERO));
      Duration estimate = estimatedWait(spec, queue);
      out.add(
          new ModelStatus(
              spec,
              footprints.getOrDefault(spec.id(), Footprint.none()),
              ledger.isResident(spec.id()),
              queue.waiting(),
              queue.inFlight(),
              queue.oldestWait(),
              estimate));
    }
    return out;
  }

  /** A new request's expected wait: queued and running work × recent latency ÷ slots. */
  private Duration estimatedWait(ModelSpec spec, PoolQueues.Queue queue) {
    double latency = recentLatencyMillis.getOrDefault(spec.id(), 0.0);
    return Duration.ofMillis(
        (long) ((queue.waiting() + queue.inFlight()) * latency / spec.parallelSlots()));
  }

  /** Queues {@code call}; a full queue's refusal says how long that queue is expected to take. */
  private <T> CompletableFuture<T> submit(
      ModelSpec spec, java.util.function.Function<ModelBackend, CompletableFuture<T>> call) {
    try {
      return scheduler.submit(spec.id(), call);
    } catch (QueueFullException full) {
      var queue =
          scheduler
              .snapshot()
              .queues()
              .getOrDefault(spec.id(), new PoolQueues.Queue(0, 0, Duration.ZERO));
      throw full.withEstimatedWait(estimatedWait(spec, queue));
    }
  }

  /**
   * The scheduler's view: which model is served, which are loading, each queue, the order models
   * were loaded in.
   */
  public PoolQueues queues() {
    PoolQueues scheduled = scheduler.snapshot();
    return new PoolQueues(
        scheduled.serving(),
        scheduled.loading(),
        scheduled.queues(),
        scheduled.loadHistory(),
        scheduled.loads(),
        instances.snapshot());
  }

  public long memoryBudgetBytes() {
    return config.memoryBudgetBytes();
  }

  public long gpuMemoryBudgetBytes() {
    return config.gpuMemoryBudgetBytes();
  }

  /** Loads so far, for metrics and benchmarks. */
  public long loads() {
    return metrics.loads();
  }

  // ---- generation ----

  /**
   * Queues a completion for {@code modelId}; completes with its answer or a {@link PoolException}.
   *
   * @throws UnknownModelException at once, for a model that is not registered
   */
  public CompletableFuture<Completion> complete(String modelId, CompletionRequest asked) {
    ModelSpec spec = requireSpec(modelId);
    checkExperts(spec, asked);
    CompletionRequest request = chats.apply(modelId, asked);
    long start = System.nanoTime();
    CompletableFuture<Completion> outcome =
        submit(spec, backend -> backend.complete(spec, request));
    instances.track(modelId, request.activeExperts(), outcome);
    outcome.thenRun(
        () ->
            recentLatencyMillis.merge(
                modelId, (System.nanoTime() - start) / 1e6, (old, now) -> 0.8 * old + 0.2 * now));
    return outcome; // the scheduler's own future: cancelling it cancels the generation
  }

  /**
   * {@link #complete} as a Mono; cancelling the subscription cancels the request, queued or
   * running.
   */
  public Mono<Completion> generate(String modelId, CompletionRequest request) {
    return Mono.defer(() -> Mono.fromFuture(complete(modelId, request)));
  }

  /**
   * The answer's text as it is generated. Scheduled like any other request; cancelling the
   * subscription cancels the generation and frees its slot.
   */
  public Flux<String> stream(String modelId, CompletionRequest asked) {
    return streamEvents(modelId, asked)
        .handle(
            (event, sink) -> {
              if (event instanceof StreamEvent.Piece piece) {
                sink.next(piece.text());
              }
            });
  }

  /**
   * {@link #stream}'s pieces, then exactly one {@link StreamEvent.End} with the token counts: the
   * engine's where its backend reports them (llama.cpp always; an OpenAI-compatible or Ollama
   * server where it sends usage at a stream's end), else the number of pieces and {@code counted}
   * false.
   */
  public Flux<StreamEvent> streamEvents(String modelId, CompletionRequest asked) {
    return Flux.defer(
        () -> {
          ModelSpec spec = requireSpec(modelId);
          checkExperts(spec, asked);
          CompletionRequest request = chats.apply(modelId, asked);
          Sinks.Many<StreamEvent> sink = Sinks.many().unicast().onBackpressureBuffer();
          AtomicInteger pieces = new AtomicInteger();
          AtomicReference<StreamEvent.@Nullable End> end = new AtomicReference<>();
          Sinks.One<Boolean> cancelled = Sinks.one();
          CompletableFuture<Void> done =
              submit(
                  spec,
                  backend -> {
                    CompletableFuture<Void> finished = new CompletableFuture<>();
                    var subscription =
                        backend.stream(spec, request)
                            .takeUntilOther(cancelled.asMono())
                            .subscribe(
                                event -> {
                                  switch (event) {
                                    case StreamEvent.Piece piece -> {
                                      pieces.incrementAndGet();
                                      sink.tryEmitNext(piece);
                                    }
                                    // held back so that it is sent last, once
                                    case StreamEvent.End counts -> end.set(counts);
                                  }
                                },
                                finished::completeExceptionally,
                                () -> finished.complete(null));
                    finished.whenComplete((v, e) -> subscription.dispose());
                    return finished;
                  });
          instances.track(modelId, request.activeExperts(), done);
          done.whenComplete(
              (v, e) -> {
                if (e == null) {
                  StreamEvent.End counts = end.get();
                  sink.tryEmitNext(
                      counts != null ? counts : new StreamEvent.End(0, pieces.get(), false));
                  sink.tryEmitComplete();
                } else {
                  sink.tryEmitError(
                      e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                          ? e.getCause()
                          : e);
                }
              });
          return sink.asFlux().doOnCancel(() -> cancelled.tryEmitValue(true));
        });
  }

  /**
   * Runs a whole plan loading each model once: the models run one after another in {@link
   * OfflinePlan#modelOrder()}, all of one model's prompts together, the next model readied while
   * the current one computes: loaded ahead of its turn when the budget holds both (see {@link
   * LoadAhead}), else its file read into the page cache.
   *
   * <p>Cancelling the returned future stops the plan: no later model is started, and the current
   * model's calls that have not answered are cancelled (the queued ones never reach the engine).
   */
  public CompletableFuture<PlanResult> run(OfflinePlan plan) {
    plan.assignments()
        .forEach(
            a -> {
              requireSpec(a.modelId());
              checkExperts(requireSpec(a.modelId()), a.request());
              chats.apply(a.modelId(), a.request()); // a refused conversation fails the plan now
            });
    CompletableFuture<PlanResult> result = new CompletableFuture<>();
    // the calls of the model being served, withdrawn when the plan is cancelled
    List<CompletableFuture<Completion>> current = new CopyOnWriteArrayList<>();
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) {
            current.forEach(call -> call.cancel(true));
          }
        });
    Runnable task =
        () -> {
          long loadsBefore = metrics.loads();
          long start = System.nanoTime();
          Map<String, Completion> completions = new ConcurrentHashMap<>();
          Map<String, String> failures = new ConcurrentHashMap<>();
          List<String> order = plan.modelOrder();
          for (int i = 0; i < order.size() && !result.isDone(); i++) {
            List<CompletableFuture<?>> batch = new ArrayList<>();
            current.clear();
            for (OfflinePlan.Assignment a : plan.forModel(order.get(i))) {
              if (result.isDone()) {
                break; // cancelled while this model's calls were being queued
              }
              CompletableFuture<Completion> call = complete(a.modelId(), a.request());
              current.add(call);
              if (result.isCancelled()) {
                call.cancel(true); // the cancel's sweep may have missed it
              }
              batch.add(
                  call.whenComplete(
                      (c, e) -> {
                        if (e == null) {
                          completions.put(a.key(), c);
                        } else {
                          failures.put(
                              a.key(), (e.getCause() != null ? e.getCause() : e).getMessage());
                        }
                      }));
            }
            if (i + 1 < order.size() && !result.isDone()) {
              scheduler.prefetch(
                  order.get(
                      i + 1)); // after this model's work is queued, so that it is served first
            }
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
                .exceptionally(t -> null)
                .join();
          }
          current.clear();
          result.complete(
              new PlanResult(
                  completions,
                  failures,
                  order,
                  metrics.loads() - loadsBefore,
                  Duration.ofNanos(System.nanoTime() - start)));
        };
    Thread.ofPlatform()
        .daemon(true)
        .name("pool-plan")
        .start(
            () -> {
              try {
                task.run();
              } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  // ---- checks ----

  private ModelSpec requireSpec(String id) {
    ModelSpec spec = specs.get(id);
    if (spec == null) {
      throw new UnknownModelException(id);
    }
    return spec;
  }

  private ModelBackend requireBackend(BackendKind kind) {
    ModelBackend backend = backends.get(kind);
    if (backend == null) {
      throw new ModelRejectedException("no " + kind.id() + " backend is configured in this pool");
    }
    return backend;
  }

  private void checkExperts(ModelSpec spec, CompletionRequest request) {
    Integer wanted = request.activeExperts();
    if (wanted == null) {
      return;
    }
    Integer experts = expertCounts.get(spec.id());
    if (experts == null) {
      throw new ModelRejectedException(
          "model '" + spec.id() + "' is not a sparse-MoE model; leave active experts out");
    }
    if (wanted > experts) {
      throw new ModelRejectedException(
          "model '%s' has %d experts; active experts must be 1 to %d, got %d"
              .formatted(spec.id(), experts, experts, wanted));
    }
  }

  /** Stops scheduling (queued work fails) and closes the backends, which unloads every model. */
  @Override
  public void close() {
    scheduler.close();
    Map<ModelBackend, Boolean> closed = new HashMap<>();
    for (ModelBackend backend : backends.values()) {
      if (closed.putIfAbsent(backend, true) == null) {
        backend.close();
      }
    }
  }
}
