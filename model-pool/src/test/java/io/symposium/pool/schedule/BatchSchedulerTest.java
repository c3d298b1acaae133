package io.symposium.pool.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.pool.BackendKind;
import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.LoadAhead;
import io.symposium.pool.ModelBackend;
import io.symposium.pool.ModelRejectedException;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.PoolQueues;
import io.symposium.pool.QueueFullException;
import io.symposium.pool.StreamEvent;
import io.symposium.pool.UnknownModelException;
import io.symposium.pool.residency.MemoryDemand;
import io.symposium.pool.residency.ResidencyLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The scheduling logic against a scripted backend (a fake is right here: what is tested is the
 * order of loads and dispatches, not inference). Time is injected; the test waits only for events,
 * bounded.
 */
final class BatchSchedulerTest {

  static final Duration MAX_WAIT = Duration.ofSeconds(30);

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  final ScriptedBackend backend = new ScriptedBackend();
  final Map<String, ModelSpec> specs = new ConcurrentHashMap<>();
  final Map<String, MemoryDemand> demands = new ConcurrentHashMap<>();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /**
   * WARM here, so the warm-up shows as a dispatch the tests can see; the pool's default is LOAD.
   */
  LoadAhead loadAhead = LoadAhead.WARM;

  @Nullable BatchScheduler scheduler;

  /**
   * Records loads, unloads and dispatched prompts; completes a call when the test says so (or at
   * once).
   */
  static final class ScriptedBackend implements ModelBackend {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final BlockingQueue<String> dispatched = new LinkedBlockingQueue<>();
    final Map<String, CompletableFuture<Completion>> pending = new ConcurrentHashMap<>();
    volatile boolean manual;
    volatile CompletableFuture<Void> loadGate = CompletableFuture.completedFuture(null);
    volatile @Nullable String failLoadOf;
    final AtomicInteger transientFailures = new AtomicInteger();

    @Override
    public BackendKind kind() {
      return BackendKind.LLAMA_CPP;
    }

    @Override
    public void load(ModelSpec spec) {
      loadGate.join();
      if (spec.id().equals(failLoadOf)) {
        throw new ModelRejectedException("model '" + spec.id() + "' is corrupt");
      }
      events.add("load " + spec.id());
    }

    volatile Runnable onUnload = () -> {};

    @Override
    public void unload(ModelSpec spec) {
      events.add("unload " + spec.id());
      onUnload.run();
    }

    @Override
    public CompletableFuture<Completion> complete(ModelSpec spec, CompletionRequest request) {
      events.add("run " + request.prompt());
      Completion answer =
          new Completion(
              spec.id(),
              "answer to " + request.prompt(),
              3,
              2,
              Completion.FinishReason.STOP,
              Duration.ofMillis(5));
      CompletableFuture<Completion> result;
      if (transientFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        result =
            CompletableFuture.failedFuture(new BackendUnavailableException("worker restarting"));
      } else if (!manual) {
        result = CompletableFuture.completedFuture(answer);
      } else {
        CompletableFuture<Completion> f = new CompletableFuture<>();
        pending.put(request.prompt(), f);
        result = f.thenApply(ignored -> answer);
      }
      dispatched.add(request.prompt()); // last: the test may finish the call as soon as it sees it
      return result;
    }

    void finish(String prompt) {
      pending.remove(prompt).complete(null);
    }

    @Override
    public Flux<StreamEvent> stream(ModelSpec spec, CompletionRequest request) {
      return Flux.just(new StreamEvent.Piece("x"));
    }
  }

  BatchScheduler start(long budget, int slots, int queueLimit, int retries, String... models) {
    return start(budget, 0, MemoryDemand.host(40), slots, queueLimit, retries, models);
  }

  /** Every model takes {@code demand}, under a host budget and a GPU budget. */
  BatchScheduler start(
      long budget,
      long gpuBudget,
      MemoryDemand demand,
      int slots,
      int queueLimit,
      int retries,
      String... models) {
    for (String m : models) {
      specs.put(
          m, ModelSpec.llamaCpp(m, Path.of("/models/" + m + ".gguf")).withParallelSlots(slots));
      demands.put(m, demand);
    }
    BatchScheduler.Models view =
        new BatchScheduler.Models() {
          @Override
          public ModelSpec spec(String id) {
            ModelSpec spec = specs.get(id);
            if (spec == null) {
              throw new UnknownModelException(id);
            }
            return spec;
          }

          @Override
          public ModelBackend backend(ModelSpec spec) {
            return backend;
          }

          @Override
          public MemoryDemand demand(ModelSpec spec) {
            return demands.get(spec.id());
          }
        };
    scheduler =
        new BatchScheduler(
            view,
            new ResidencyLedger(budget, gpuBudget, now::get),
            new SchedulingPolicy(MAX_WAIT),
            now::get,
            new PoolMetrics(meters),
            new BatchScheduler.Limits(
                queueLimit, Duration.ofSeconds(30), retries, Duration.ofMillis(1)),
            loadAhead);
    return scheduler;
  }

  @AfterEach
  void stop() {
    if (scheduler != null) {
      scheduler.close();
    }
  }

  CompletableFuture<Completion> submit(String model, String prompt) {
    BatchScheduler s = scheduler;
    ModelSpec spec = specs.get(model);
    return s.submit(model, b -> b.complete(spec, CompletionRequest.greedy(prompt, 4)));
  }

  String nextDispatch() throws InterruptedException {
    String prompt = backend.dispatched.poll(10, TimeUnit.SECONDS);
    assertThat(prompt).as("a dispatch within 10 s").isNotNull();
    return prompt;
  }

  @Test
  void interleavedQueries_sameTime_eachModelLoadedOnceAndDrainedTogether() {
    backend.loadGate = new CompletableFuture<>();
    start(1000, 4, 100, 0, "a", "b");
    List<CompletableFuture<Completion>> all = new ArrayList<>();
    all.add(submit("a", "a1"));
    for (String p : List.of("b1", "a2", "b2", "a3", "b3")) {
      all.add(submit(p.substring(0, 1), p));
    }
    backend.loadGate.complete(null);
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    assertThat(backend.events)
        .containsExactly(
            "load a", "run a1", "run a2", "run a3", "load b", "run b1", "run b2", "run b3");
    assertThat(all.get(1).join().text()).isEqualTo("answer to b1");
  }

  @Test
  void tightBudget_nextModelEvictsIdleOne() {
    start(60, 4, 100, 0, "a", "b");
    submit("a", "a1").join();
    submit("b", "b1").join();
    submit("a", "a2").join();
    assertThat(backend.events)
        .containsExactly(
            "load a", "run a1", "unload a", "load b", "run b1", "unload b", "load a", "run a2");
    assertThat(scheduler.snapshot().loadHistory()).containsExactly("a", "b", "a");
    assertThat(scheduler.snapshot().loads())
        .extracting(PoolQueues.Load::model, PoolQueues.Load::ahead)
        .containsExactly(tuple("a", false), tuple("b", false), tuple("a", false));
    assertThat(scheduler.snapshot().loads())
        .allSatisfy(l -> assertThat(l.millis()).isNotNegative());
  }

  @Test
  void starvation_otherModelWaitedMaxWait_servedBeforeCurrentModelsBacklog() throws Exception {
    backend.manual = true;
    start(1000, 1, 100, 0, "a", "b");
    submit("a", "a1");
    submit("a", "a2");
    assertThat(nextDispatch()).isEqualTo("a1");
    now.set(now.get().plusSeconds(1));
    submit("b", "b1");
    assertThat(nextDispatch())
        .as("b fits beside a: loaded ahead and warmed up while a1 runs")
        .isEqualTo(AheadLoader.WARM_UP.prompt());
    backend.finish(AheadLoader.WARM_UP.prompt());
    now.set(now.get().plusSeconds(1));
    for (int i = 3; i <= 5; i++) {
      submit("a", "a" + i); // later arrivals for the current model must not keep b waiting
    }
    backend.finish("a1");
    assertThat(nextDispatch())
        .as("a keeps the machine while b has waited < max wait")
        .isEqualTo("a2");
    now.set(now.get().plus(MAX_WAIT));
    backend.finish("a2");
    assertThat(nextDispatch()).as("b starved for max wait: served next").isEqualTo("b1");
    backend.finish("b1");
    assertThat(nextDispatch()).isEqualTo("a3");
  }

  @Test
  void loadAhead_budgetHoldsBoth_nextModelLoadedAndWarmedWhileCurrentComputes() throws Exception {
    backend.manual = true;
    start(1000, 2, 100, 0, "a", "b");
    CompletableFuture<Completion> a1 = submit("a", "a1");
    assertThat(nextDispatch()).isEqualTo("a1");
    CompletableFuture<Completion> b1 = submit("b", "b1");
    assertThat(nextDispatch())
        .as("b's warm-up, while a1 is still running")
        .isEqualTo(AheadLoader.WARM_UP.prompt());
    assertThat(a1).isNotDone();
    assertThat(b1).as("b's work waits for a's batch to finish").isNotDone();
    backend.finish(AheadLoader.WARM_UP.prompt());
    backend.finish("a1");
    assertThat(nextDispatch()).isEqualTo("b1");
    backend.finish("b1");
    assertThat(b1.join().text()).isEqualTo("answer to b1");
    assertThat(backend.events)
        .containsExactly(
            "load a", "run a1", "load b", "run " + AheadLoader.WARM_UP.prompt(), "run b1");
    assertThat(scheduler.snapshot().loadHistory()).containsExactly("a", "b");
    assertThat(scheduler.snapshot().loads())
        .extracting(PoolQueues.Load::model, PoolQueues.Load::ahead)
        .containsExactly(tuple("a", false), tuple("b", true));
    assertThat(scheduler.snapshot().loading()).isEmpty();
    assertThat(meters.get("symposium.pool.loads.ahead").tag("model", "b").counter().count())
        .isEqualTo(1);
  }

  /** Model a answers a1 (held open by the scripted backend), then b1 is queued for model b. */
  CompletableFuture<Completion> bQueuedWhileA1Runs(long budget, int slots)
      throws InterruptedException {
    backend.manual = true;
    start(budget, slots, 100, 0, "a", "b");
    submit("a", "a1");
    assertThat(nextDispatch()).isEqualTo("a1");
    return submit("b", "b1");
  }

  /** a1 finishes; b1 must be dispatched next, and is answered. */
  void a1ThenB1Finish(CompletableFuture<Completion> b1) throws InterruptedException {
    backend.finish("a1");
    assertThat(nextDispatch()).isEqualTo("b1");
    backend.finish("b1");
    assertThat(b1.join().text()).isEqualTo("answer to b1");
  }

  @Test
  void loadAhead_load_nextModelLoadedWithoutWarmUp() throws Exception {
    loadAhead = LoadAhead.LOAD;
    CompletableFuture<Completion> b1 = bQueuedWhileA1Runs(1000, 2);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!backend.events.contains("load b") && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // the load runs on the load-ahead thread; bounded
    }
    assertThat(backend.events)
        .as("b loaded while a1 still runs")
        .containsExactly("load a", "run a1", "load b");
    a1ThenB1Finish(b1);
    assertThat(backend.events).containsExactly("load a", "run a1", "load b", "run b1");
  }

  @Test
  void loadAhead_off_nextModelLoadedAtItsTurn() throws Exception {
    loadAhead = LoadAhead.OFF;
    a1ThenB1Finish(bQueuedWhileA1Runs(1000, 2));
    assertThat(backend.events).containsExactly("load a", "run a1", "load b", "run b1");
    assertThat(meters.find("symposium.pool.loads.ahead").counters()).isEmpty();
  }

  @Test
  void loadAhead_budgetForOne_nextModelLoadedOnlyAfterCurrentFinished() throws Exception {
    a1ThenB1Finish(bQueuedWhileA1Runs(60, 1));
    assertThat(backend.events).containsExactly("load a", "run a1", "unload a", "load b", "run b1");
    assertThat(meters.find("symposium.pool.loads.ahead").counters()).isEmpty();
  }

  /** Model a answers a1 (held open), then b1 is queued; both models are mostly on the GPU. */
  CompletableFuture<Completion> bQueuedWhileA1RunsOnGpu(long gpuBudget)
      throws InterruptedException {
    backend.manual = true;
    start(1000, gpuBudget, new MemoryDemand(10, 45), 2, 100, 0, "a", "b");
    submit("a", "a1");
    assertThat(nextDispatch()).isEqualTo("a1");
    return submit("b", "b1");
  }

  @Test
  void loadAhead_gpuHoldsBoth_nextModelUploadedWhileCurrentDecodes() throws Exception {
    loadAhead = LoadAhead.LOAD;
    CompletableFuture<Completion> b1 = bQueuedWhileA1RunsOnGpu(100);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!backend.events.contains("load b") && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // the load runs on the load-ahead thread; bounded
    }
    assertThat(backend.events)
        .as("b uploaded while a1 still decodes")
        .containsExactly("load a", "run a1", "load b");
    a1ThenB1Finish(b1);
    assertThat(backend.events).containsExactly("load a", "run a1", "load b", "run b1");
    assertThat(meters.get("symposium.pool.loads.ahead").tag("model", "b").counter().count())
        .isEqualTo(1);
  }

  @Test
  void loadAhead_hostHoldsBothButGpuOne_nextModelLoadedOnlyAfterCurrentFinished() throws Exception {
    loadAhead = LoadAhead.LOAD;
    a1ThenB1Finish(bQueuedWhileA1RunsOnGpu(80));
    assertThat(backend.events)
        .as("the GPU holds one: a is unloaded only once its batch is done")
        .containsExactly("load a", "run a1", "unload a", "load b", "run b1");
    assertThat(meters.find("symposium.pool.loads.ahead").counters()).isEmpty();
  }

  @Test
  void tooLargeForGpuBudget_failsWithReason() {
    start(1000, 30, new MemoryDemand(10, 40), 1, 10, 0, "a");
    assertThatThrownBy(() -> submit("a", "q").join())
        .cause()
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("gpu-memory-budget");
  }

  @Test
  void loadAhead_loadFails_regularLoadReportsItToCallers() throws Exception {
    backend.manual = true;
    backend.failLoadOf = "b";
    start(1000, 1, 100, 0, "a", "b");
    submit("a", "a1");
    assertThat(nextDispatch()).isEqualTo("a1");
    CompletableFuture<Completion> b1 = submit("b", "b1");
    backend.finish("a1");
    assertThatThrownBy(b1::join)
        .cause()
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("corrupt");
    assertThat(scheduler.snapshot().loading()).isEmpty();
    assertThat(submit("a", "a2")).isNotNull();
    assertThat(nextDispatch()).as("the pool still serves a").isEqualTo("a2");
    backend.finish("a2");
  }

  @Test
  void unload_whileAnotherCallFinishes_thatCallIsAnsweredMeanwhile() throws Exception {
    backend.manual = true;
    start(100, 1, 100, 0, "a", "b", "c"); // two fit
    CompletableFuture<Completion> a1 = submit("a", "a1");
    assertThat(nextDispatch()).isEqualTo("a1");
    backend.finish("a1");
    a1.join();
    CompletableFuture<Completion> b1 = submit("b", "b1");
    assertThat(nextDispatch()).isEqualTo("b1");
    // c is loaded ahead while b1 runs, evicting the idle a; b1's answer arrives during that unload
    java.util.concurrent.atomic.AtomicBoolean answered =
        new java.util.concurrent.atomic.AtomicBoolean();
    backend.onUnload =
        () -> {
          CompletableFuture.runAsync(() -> backend.finish("b1"));
          try {
            b1.get(5, TimeUnit.SECONDS);
            answered.set(true);
          } catch (Exception e) {
            // the answer could not be delivered while the unload ran: the pool would be deadlocked
          }
        };
    CompletableFuture<Completion> c1 = submit("c", "c1");
    assertThat(nextDispatch()).isEqualTo(AheadLoader.WARM_UP.prompt());
    backend.onUnload = () -> {};
    assertThat(answered).as("b1 answered while a was being unloaded").isTrue();
    backend.finish(AheadLoader.WARM_UP.prompt());
    assertThat(nextDispatch()).isEqualTo("c1");
    backend.finish("c1");
    assertThat(c1.join().text()).isEqualTo("answer to c1");
    assertThat(backend.events).containsSubsequence("unload a", "load c");
  }

  @Test
  void loadFailure_failsThatQueueOnly_otherModelsStillServed() {
    backend.failLoadOf = "broken";
    start(1000, 2, 100, 0, "broken", "good");
    CompletableFuture<Completion> doomed = submit("broken", "x");
    assertThatThrownBy(doomed::join)
        .cause()
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("corrupt");
    assertThat(submit("good", "y").join().text()).isEqualTo("answer to y");
    assertThat(scheduler.queued("broken")).isZero();
  }

  @Test
  void queueFull_rejectedWithRetriableError() {
    backend.loadGate = new CompletableFuture<>();
    start(1000, 1, 2, 0, "a");
    submit("a", "a1"); // stays queued while the scheduler loads its model
    submit("a", "a2");
    assertThatThrownBy(() -> submit("a", "a3"))
        .isInstanceOf(QueueFullException.class)
        .satisfies(e -> assertThat(((QueueFullException) e).retriable()).isTrue());
    backend.loadGate.complete(null);
  }

  @Test
  void unknownModel_rejectedAtSubmit() {
    start(1000, 1, 10, 0, "a");
    assertThatThrownBy(() -> scheduler.submit("nope", b -> CompletableFuture.completedFuture("x")))
        .isInstanceOf(UnknownModelException.class);
  }

  @Test
  void retriableFailure_retriedThenAnswered() {
    backend.transientFailures.set(2);
    start(1000, 1, 10, 3, "a");
    assertThat(submit("a", "q").join().text()).isEqualTo("answer to q");
    assertThat(backend.events.stream().filter(e -> e.equals("run q")).count()).isEqualTo(3);
  }

  @Test
  void retriableFailure_retriesExhausted_failsWithIt() {
    backend.transientFailures.set(5);
    start(1000, 1, 10, 1, "a");
    assertThatThrownBy(() -> submit("a", "q").join())
        .cause()
        .isInstanceOf(BackendUnavailableException.class);
  }

  @Test
  void tooLargeForBudget_failsWithReason() {
    start(30, 1, 10, 0, "a");
    assertThatThrownBy(() -> submit("a", "q").join())
        .cause()
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("budget");
  }
}
