package io.symposium.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * The pool end to end on real llama.cpp workers: residency under a budget, the offline plan,
 * pinning, registration errors.
 */
final class ModelPoolIT {

  @TempDir Path models;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  ModelPool pool;
  long footprint;

  @BeforeEach
  void fixtures() {
    for (String id : List.of("m1", "m2", "m3")) {
      GgufModels.writeRandom(
          models.resolve(id + ".gguf"), ModelShape.tinyDense(), WeightType.F32, id.hashCode());
    }
  }

  /** A pool whose budget holds {@code residents} of the fixture models at once. */
  ModelPool pool(int residents) {
    ModelSpec probe = spec("m1");
    footprint =
        Footprint.of(
                io.symposium.pool.gguf.GgufInspector.inspect(probe.requireFile()),
                probe.contextSize(),
                probe.parallelSlots())
            .total();
    pool =
        ModelPool.create(
            new ModelPool.Config(
                footprint * residents + footprint / 2,
                Duration.ofSeconds(30),
                100,
                Duration.ofSeconds(60),
                1,
                Duration.ofMillis(100),
                List.of(models)),
            Map.of(BackendKind.LLAMA_CPP, ModelBackends.llamaCpp(LocalEngineOptions.defaults())),
            InstantSource.system(),
            meters);
    return pool;
  }

  ModelSpec spec(String id) {
    return ModelSpec.llamaCpp(id, models.resolve(id + ".gguf"))
        .withContextSize(128)
        .withParallelSlots(4)
        .withThreads(1);
  }

  /**
   * Six questions, each assigned to every one of these models, interleaved question by question.
   */
  static List<OfflinePlan.Assignment> sixQuestionsForEach(String... ids) {
    List<OfflinePlan.Assignment> work = new ArrayList<>();
    for (int q = 0; q < 6; q++) {
      for (String id : ids) {
        work.add(new OfflinePlan.Assignment(id + "-" + q, id, prompt("q" + q)));
      }
    }
    return work;
  }

  @AfterEach
  void close() {
    if (pool != null) {
      pool.close();
    }
  }

  static CompletionRequest prompt(String text) {
    return CompletionRequest.greedy("Question: " + text + "\nAnswer:", 4);
  }

  @Test
  void plan_threeModelsTightBudget_eachLoadedExactlyOnceAggregatorLast() {
    pool(1);
    List.of("m1", "m2", "m3").forEach(id -> pool.register(spec(id)));
    PlanResult result =
        pool.run(new OfflinePlan(sixQuestionsForEach("m3", "m1", "m2"), "m3")).join();
    assertThat(result.failures()).isEmpty();
    assertThat(result.completions()).hasSize(18);
    assertThat(result.loads()).isEqualTo(3);
    assertThat(result.modelOrder()).containsExactly("m1", "m2", "m3");
    assertThat(pool.queues().loadHistory()).containsExactly("m1", "m2", "m3");
    assertThat(
            meters.get("symposium.pool.loads").counters().stream()
                .mapToDouble(c -> c.count())
                .sum())
        .isEqualTo(3);
  }

  @Test
  void plan_budgetForTwo_nextModelLoadedAheadStillEachExactlyOnce() {
    pool(2);
    List.of("m1", "m2", "m3").forEach(id -> pool.register(spec(id)));
    PlanResult result =
        pool.run(new OfflinePlan(sixQuestionsForEach("m1", "m2", "m3"), "m3")).join();
    assertThat(result.failures()).isEmpty();
    assertThat(result.completions()).hasSize(18);
    assertThat(result.loads()).isEqualTo(3);
    assertThat(pool.queues().loadHistory()).containsExactly("m1", "m2", "m3");
    // m1 loads while the plan queues its work and names m2 as next, so m2 is loaded while m1
    // computes
    assertThat(meters.get("symposium.pool.loads.ahead").tag("model", "m2").counter().count())
        .isEqualTo(1);
    assertThat(pool.queues().loading()).isEmpty();
    assertThat(pool.models()).filteredOn(ModelStatus::resident).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void plan_cancelledAsItStarts_laterModelsNeverLoadedNorCalled() {
    pool(1);
    List.of("m1", "m2", "m3").forEach(id -> pool.register(spec(id)));
    CompletableFuture<PlanResult> plan =
        pool.run(new OfflinePlan(sixQuestionsForEach("m1", "m2", "m3"), "m3"));

    assertThat(plan.cancel(true)).isTrue();
    // the pool runs dry: what the plan had queued is withdrawn, nothing more is queued
    Boolean idle =
        Flux.interval(Duration.ofMillis(20))
            .map(
                i ->
                    pool.queues().loading().isEmpty()
                        && pool.queues().queues().values().stream()
                            .allMatch(q -> q.waiting() == 0 && q.inFlight() == 0))
            .filter(Boolean::booleanValue)
            .blockFirst(Duration.ofSeconds(60));
    assertThat(idle).isTrue();

    assertThat(plan).isCancelled();
    assertThat(pool.queues().loadHistory()).isSubsetOf("m1");
    assertThat(meters.find("symposium.pool.request.seconds").tag("model", "m2").timer()).isNull();
    assertThat(meters.find("symposium.pool.request.seconds").tag("model", "m3").timer()).isNull();
  }

  @Test
  void online_budgetForOne_evictsIdleModelAndNeverExceedsBudget() {
    pool(1);
    pool.register(spec("m1"));
    pool.register(spec("m2"));
    assertThat(pool.complete("m1", prompt("a")).join().completionTokens()).isPositive();
    assertThat(pool.complete("m2", prompt("b")).join().completionTokens()).isPositive();
    assertThat(pool.models())
        .filteredOn(ModelStatus::resident)
        .extracting(s -> s.spec().id())
        .containsExactly("m2");
    assertThat(meters.get("symposium.pool.unloads").tag("model", "m1").counter().count())
        .isEqualTo(1);
  }

  @Test
  void pinned_modelStaysResident_otherModelsTakeTurns() {
    pool(2);
    pool.register(spec("m1").withPinned(true));
    pool.register(spec("m2"));
    pool.register(spec("m3"));
    pool.complete("m1", prompt("a")).join();
    pool.complete("m2", prompt("b")).join();
    pool.complete("m3", prompt("c")).join();
    pool.complete("m2", prompt("d")).join();
    assertThat(pool.models())
        .filteredOn(ModelStatus::resident)
        .extracting(s -> s.spec().id())
        .containsExactlyInAnyOrder("m1", "m2");
    assertThat(pool.queues().loadHistory()).containsExactly("m1", "m2", "m3", "m2");
  }

  @Test
  void complete_queueFull_refusalCarriesTheQueuesExpectedWait() {
    pool(1);
    pool.register(spec("m1"));
    pool.complete("m1", prompt("warm-up")).join(); // a latency to estimate from
    List<CompletableFuture<Completion>> queued = new ArrayList<>();
    QueueFullException refused = null;
    for (int i = 0; i < 1_000 && refused == null; i++) {
      try {
        queued.add(pool.complete("m1", prompt("q" + i)));
      } catch (QueueFullException full) {
        refused = full;
      }
    }
    assertThat(refused).as("the queue (limit 100) refused a request").isNotNull();
    assertThat(refused.estimatedWait()).isPositive();
    queued.forEach(f -> f.cancel(true));
  }

  @Test
  void concurrentQueries_sameModels_batchedWithOneLoadEach() {
    pool(3);
    List.of("m1", "m2", "m3").forEach(id -> pool.register(spec(id)));
    List<CompletableFuture<Completion>> all = new ArrayList<>();
    for (int q = 0; q < 8; q++) {
      for (String id : List.of("m1", "m2", "m3")) {
        all.add(pool.complete(id, prompt("q" + q)));
      }
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    assertThat(pool.loads()).isEqualTo(3);
  }

  @Test
  void remove_afterUse_otherModelsStillServed() {
    pool(2);
    pool.register(spec("m1"));
    pool.register(spec("m2"));
    pool.complete("m1", prompt("a")).join();
    pool.remove("m1");
    assertThatThrownBy(() -> pool.complete("m1", prompt("b")))
        .isInstanceOf(UnknownModelException.class);
    assertThat(pool.complete("m2", prompt("c")).join().completionTokens()).isPositive();
    pool.register(spec("m1"));
    assertThat(pool.complete("m1", prompt("d")).join().completionTokens()).isPositive();
  }

  @Test
  void workerKilled_restartCountedInMetrics_modelServedAgain() throws Exception {
    pool(1);
    pool.register(spec("m1"));
    assertThat(pool.complete("m1", prompt("before")).join().completionTokens()).isPositive();
    assertThat(
            meters
                .get("symposium.pool.worker.restarts")
                .tag("backend", "llama-cpp")
                .functionCounter()
                .count())
        .isZero();
    ProcessHandle worker =
        ProcessHandle.current()
            .children()
            // the pool's only Java child is its worker; its command line is no help, since the
            // JDK reads only its first 4096 bytes and the class path is longer
            .filter(p -> p.info().command().orElse("").endsWith("/java"))
            .findFirst()
            .orElseThrow();
    worker.destroyForcibly();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (meters.get("symposium.pool.worker.restarts").functionCounter().count() < 1
        && System.nanoTime() < deadline) {
      Thread.sleep(
          50); // the supervisor notices the exit and starts a replacement; bounded, not a timing
      // assertion
    }
    assertThat(
            meters
                .get("symposium.pool.worker.restarts")
                .tag("backend", "llama-cpp")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(pool.complete("m1", prompt("after")).join().completionTokens())
        .as("the replacement worker reloaded m1")
        .isPositive();
  }

  @Test
  void register_errors_clearAndPoolKeepsServing() throws Exception {
    pool(1);
    pool.register(spec("m1"));
    Path outside = Files.createTempFile("outside", ".gguf");
    Files.copy(
        models.resolve("m2.gguf"), outside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> pool.register(ModelSpec.llamaCpp("stray", outside)))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("outside the model directories");
    Files.writeString(models.resolve("bad.gguf"), "not a gguf");
    assertThatThrownBy(() -> pool.register(ModelSpec.llamaCpp("bad", models.resolve("bad.gguf"))))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("bad.gguf");
    assertThatThrownBy(() -> pool.register(spec("m1")))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("already registered");
    assertThatThrownBy(
            () ->
                pool.register(
                    ModelSpec.llamaCpp("huge", models.resolve("m2.gguf")).withContextSize(65536)))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("budget");
    assertThatThrownBy(() -> pool.complete("ghost", prompt("x")))
        .isInstanceOf(UnknownModelException.class);
    assertThatThrownBy(() -> pool.complete("m1", prompt("x").withActiveExperts(2)))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("not a sparse-MoE");
    assertThat(pool.complete("m1", prompt("still serving")).join().completionTokens()).isPositive();
    Files.deleteIfExists(outside);
  }
}
