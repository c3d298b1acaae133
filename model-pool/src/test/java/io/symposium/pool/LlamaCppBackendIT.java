package io.symposium.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import io.symposium.pool.llamacpp.client.LlamaCppProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The llama.cpp backend against a real worker process running real llama.cpp on generated GGUF
 * fixtures.
 */
final class LlamaCppBackendIT extends ModelBackendContract {

  @TempDir static Path dir;
  static ModelBackend backend;
  static ModelBackend down;
  static ModelSpec dense;
  static ModelSpec moe;

  @BeforeAll
  static void start() {
    dense =
        ModelSpec.llamaCpp(
                "tiny",
                GgufModels.writeRandom(
                    dir.resolve("tiny.gguf"), ModelShape.tinyDense(), WeightType.F32, 42))
            .withContextSize(256)
            .withThreads(1);
    moe =
        ModelSpec.llamaCpp(
                "tiny-moe",
                GgufModels.writeRandom(
                    dir.resolve("tiny-moe.gguf"), ModelShape.tinyMoe(), WeightType.F32, 7))
            .withContextSize(256)
            .withThreads(1)
            .withParallelSlots(2);
    backend =
        ModelBackends.llamaCpp(
            LocalEngineOptions.defaults().withRequestTimeout(Duration.ofSeconds(60)));
    down =
        ModelBackends.llamaCpp(
            LocalEngineOptions.defaults().withLibrary(dir.resolve("no-such-libllama.so")));
  }

  @AfterAll
  static void stop() {
    backend.close();
    down.close();
  }

  @Override
  ModelBackend backend() {
    return backend;
  }

  @Override
  ModelSpec model() {
    return dense;
  }

  @Override
  ModelSpec unloadableModel() {
    Path corrupt = dir.resolve("corrupt.gguf");
    try {
      Files.writeString(corrupt, "GGUF but not really a model file at all");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return ModelSpec.llamaCpp("corrupt", corrupt).withContextSize(256);
  }

  @Override
  ModelBackend downBackend() {
    return down;
  }

  @Override
  ModelSpec modelOnDownBackend() {
    return dense.withThreads(1);
  }

  @Override
  int generationsInFlight() {
    return LlamaCppProbe.generationsInFlight(backend);
  }

  @Test
  void complete_cancelledMidGeneration_workerStopsItAndFreesTheSlot() {
    var running = backend.complete(dense, CompletionRequest.greedy("Keep talking", 200));
    running.cancel(true);
    assertThat(running).isCancelled();
    // the worker hears the cancel and ends the generation at its next decode step; poll, no sleep
    Integer idle =
        reactor.core.publisher.Flux.interval(Duration.ofMillis(20))
            .map(i -> generationsInFlight())
            .filter(n -> n == 0)
            .blockFirst(QUICK);
    assertThat(idle).isZero();
    assertThat(
            backend.complete(dense, CompletionRequest.greedy(PROMPT, 4)).join().completionTokens())
        .isPositive();
  }

  @Test
  void complete_moeWithOneAndTwoActiveExperts_bothAnswerDifferently() {
    backend.load(moe);
    CompletionRequest request = CompletionRequest.greedy(PROMPT, 16);

    Completion one = backend.complete(moe, request.withActiveExperts(1)).join();
    Completion two = backend.complete(moe, request.withActiveExperts(2)).join();
    Completion fileDefault = backend.complete(moe, request).join();

    assertThat(one.completionTokens()).isPositive();
    assertThat(two.completionTokens()).isPositive();
    // the file says 2 experts, so the default request and K=2 run on the same instance
    assertThat(two.text()).isEqualTo(fileDefault.text());
    assertThat(one.text()).isNotEqualTo(two.text());
  }

  @Test
  void stream_moeWithOneActiveExpert_samePiecesAsTheCompletion() {
    backend.load(moe);
    CompletionRequest request = CompletionRequest.greedy(PROMPT, 12).withActiveExperts(1);

    String whole = backend.complete(moe, request).join().text();

    assertThat(String.join("", texts(backend.stream(moe, request)).collectList().block(QUICK)))
        .isEqualTo(whole);
  }

  @Test
  void complete_promptPlusMaxTokensOverTheContext_contextLengthExceededInBothModes() {
    CompletionRequest tooLong = CompletionRequest.greedy(PROMPT, dense.contextSize());

    assertThatThrownBy(() -> backend.complete(dense, tooLong).join())
        .cause()
        .isInstanceOf(ContextLengthExceededException.class)
        .hasMessageContaining("context per sequence")
        .hasMessageContaining(dense.id());
    assertThatThrownBy(() -> backend.stream(dense, tooLong).collectList().block())
        .isInstanceOf(ContextLengthExceededException.class)
        .hasMessageContaining("context per sequence");
  }

  @Test
  void complete_moeWithMoreExpertsThanTheFileHas_rejectedBeforeTheWorker() {
    backend.load(moe);

    assertThatThrownBy(
            () ->
                backend
                    .complete(moe, CompletionRequest.greedy(PROMPT, 4).withActiveExperts(5))
                    .join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(ModelRejectedException.class)
        // the backend's own message, from the GGUF header: the worker was never asked
        .hasMessageContaining("has 4 experts per layer; active experts must be 1 to 4, got 5");
  }

  @Test
  void load_gpuLayersOnTheBundledCpuBuild_rejectedSayingWhy() {
    ModelSpec onGpu =
        ModelSpec.llamaCpp("tiny-gpu", dense.requireFile()).withContextSize(256).withGpuLayers(8);

    assertThatThrownBy(() -> backend.load(onGpu))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("tiny-gpu")
        .hasMessageContaining("no GPU backend");
  }

  @Test
  void request_zeroActiveExperts_refusedByTheRequestItself() {
    assertThatThrownBy(() -> CompletionRequest.greedy(PROMPT, 4).withActiveExperts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("active experts must be >= 1");
  }

  @Test
  void complete_denseModelWithActiveExperts_rejected() {
    assertThatThrownBy(
            () ->
                backend
                    .complete(dense, CompletionRequest.greedy(PROMPT, 4).withActiveExperts(2))
                    .join())
        .cause()
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("dense");
  }

  @Test
  void unload_moeWithExtraInstance_unloadsAllAndLaterRequestsAreRejected() {
    backend.load(moe);
    backend.complete(moe, CompletionRequest.greedy(PROMPT, 2).withActiveExperts(3)).join();

    backend.unload(moe);

    assertThatThrownBy(
            () ->
                backend
                    .complete(moe, CompletionRequest.greedy(PROMPT, 2).withActiveExperts(3))
                    .join())
        .cause()
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("not loaded");
    // loading again works: the worker forgot both instances, so nothing is "already loaded"
    backend.load(moe);
    assertThat(
            backend
                .complete(moe, CompletionRequest.greedy(PROMPT, 2).withActiveExperts(3))
                .join()
                .completionTokens())
        .isPositive();
  }
}
