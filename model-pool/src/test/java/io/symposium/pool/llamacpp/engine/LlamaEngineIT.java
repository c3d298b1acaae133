package io.symposium.pool.llamacpp.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.pool.gguf.GgufModels;
import io.symposium.pool.gguf.GgufValue;
import io.symposium.pool.gguf.GgufWriter;
import io.symposium.pool.gguf.ModelShape;
import io.symposium.pool.gguf.WeightType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real llama.cpp (the bundled v0.5.0 CPU library) on GGUF fixtures written into a temporary
 * directory.
 */
final class LlamaEngineIT {
  private static final int CONTEXT = 256;

  @TempDir static Path dir;
  static Path dense;
  static Path moe;
  static LlamaEngine engine;
  static LoadedModel model;

  @BeforeAll
  static void setUp() {
    dense =
        GgufModels.writeRandom(
            dir.resolve("tiny-dense.gguf"), ModelShape.tinyDense(), WeightType.F32, 42);
    moe =
        GgufModels.writeRandom(
            dir.resolve("tiny-moe.gguf"), ModelShape.tinyMoe(), WeightType.F32, 42);
    engine = LlamaEngine.open(EngineConfig.bundledIn(dir.resolve("native")));
    model = engine.load("tiny-dense", dense, settings().withParallelSequences(4));
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  private static ModelSettings settings() {
    return ModelSettings.defaults().withContextSize(CONTEXT).withThreads(2);
  }

  @Test
  void open_bundledLibrary_passesLayoutCheckAndLoadsTheCpuBackend() {
    assertThat(engine.libraryPath()).startsWith(dir.resolve("native"));
    assertThat(engine.libraryPath().getFileName()).hasToString("libllama.v0.5.0.so");
    assertThat(engine.devices())
        .anySatisfy(
            d -> {
              assertThat(d.kind()).isEqualTo(BackendDevice.Kind.CPU);
              assertThat(d.totalBytes()).isPositive();
            });
    assertThat(engine.supportsGpuOffload()).isFalse();
  }

  @Test
  void open_foreignLibrary_refusedWithClearError() {
    // ggml's base library sits beside libllama but exports no llama_* function
    Path ggmlBase = engine.libraryPath().resolveSibling("libggml-base.so");
    assertThat(ggmlBase).exists();

    assertThatThrownBy(() -> LlamaEngine.open(EngineConfig.library(ggmlBase)))
        .isInstanceOf(NativeLibraryException.class)
        .hasMessageContaining("does not export llama_");
  }

  @Test
  void load_gpuLayersOnACpuBuild_rejectedBeforeLoading() {
    assertThatThrownBy(() -> engine.load("gpu", dense, settings().withGpuLayers(8)))
        .isInstanceOf(RejectedInputException.class)
        .hasMessageContaining("no GPU backend");
    assertThat(engine.loadedModels()).extracting(m -> m.info().id()).doesNotContain("gpu");
  }

  @Test
  void tokenize_thenDetokenize_roundTripsUnicode() {
    String text = "Hello, world! ünïcödé";
    int[] tokens = model.tokenize(text);

    assertThat(tokens[0]).isEqualTo(1); // BOS
    assertThat(model.detokenize(tokens)).isEqualTo(text);
    assertThatThrownBy(() -> model.detokenize(new int[] {100_000}))
        .isInstanceOf(RejectedInputException.class);
  }

  @Test
  void generate_fixedSeed_isDeterministic() {
    GenerationRequest request =
        GenerationRequest.of("Once upon a time", 24).withSampling(Sampling.random(0.9f, 7));

    GenerationResult first = model.generate(request);
    GenerationResult second = model.generate(request);

    assertThat(first.text()).isEqualTo(second.text());
    assertThat(first.generatedTokens()).isEqualTo(24);
    assertThat(first.finishReason()).isEqualTo(EngineFinish.MAX_TOKENS);
    assertThat(first.promptTokens()).isEqualTo(model.tokenize("Once upon a time").length);
  }

  @Test
  void generate_greedy_equalsGreedy() {
    GenerationRequest request = GenerationRequest.of("The answer is", 32);

    assertThat(model.generate(request).text()).isEqualTo(model.generate(request).text());
  }

  @Test
  void submit_streamedPieces_concatenateToFullText() {
    GenerationRequest request =
        GenerationRequest.of("Stream me", 40).withSampling(Sampling.random(1.0f, 3));
    StringBuilder pieces = new StringBuilder();

    GenerationResult result = model.submit(request, pieces::append).await();

    assertThat(pieces).hasToString(result.text());
    assertThat(String.join("", model.stream(request).collectList().block()))
        .isEqualTo(result.text());
  }

  @Test
  void generate_stopString_cutsTextBeforeIt() {
    String full = model.generate(GenerationRequest.of("Stop here", 40)).text();
    String stop = full.substring(10, 12);
    int cut = full.indexOf(stop);

    GenerationResult stopped =
        model.generate(GenerationRequest.of("Stop here", 40).withStop(List.of(stop)));

    assertThat(stopped.finishReason()).isEqualTo(EngineFinish.STOP_STRING);
    assertThat(stopped.text()).isEqualTo(full.substring(0, cut));
  }

  @Test
  void cancel_afterFewPieces_stopsEarlyAndFreesTheSequence() {
    AtomicInteger pieces = new AtomicInteger();
    AtomicReference<RunningGeneration> self = new AtomicReference<>();
    AtomicBoolean thirdPiece = new AtomicBoolean();
    RunningGeneration generation =
        model.submit(
            GenerationRequest.of("Cancel me", 200),
            piece -> {
              if (pieces.incrementAndGet() == 3) {
                thirdPiece.set(true);
                RunningGeneration running = self.get();
                if (running != null) {
                  running.cancel();
                }
              }
            });
    self.set(generation);
    // the decode thread may reach the third piece before submit returns: then cancel here
    if (thirdPiece.get()) {
      generation.cancel();
    }

    GenerationResult result = generation.await();

    assertThat(result.finishReason()).isEqualTo(EngineFinish.CANCELLED);
    assertThat(result.generatedTokens()).isLessThan(20);
    // a disconnecting stream subscriber frees its sequence too; then all four sequences are usable
    // again
    assertThat(model.stream(GenerationRequest.of("Cancel me", 200)).take(2).collectList().block())
        .hasSize(2);
    assertThat(
            model.generateAll(
                List.of(
                    GenerationRequest.of("a", 8),
                    GenerationRequest.of("b", 8),
                    GenerationRequest.of("c", 8),
                    GenerationRequest.of("d", 8))))
        .allSatisfy(r -> assertThat(r.finishReason()).isNotEqualTo(EngineFinish.CANCELLED));
  }

  @Test
  void generateAll_fourSequencesGreedy_sameTextAsEachAlone() {
    List<GenerationRequest> requests =
        List.of(
            GenerationRequest.of("First prompt", 30),
            GenerationRequest.of("Second, longer prompt with more words", 30),
            GenerationRequest.of("3", 30),
            GenerationRequest.of("Fourth ünïcödé prompt", 30));
    List<String> alone = new ArrayList<>();
    for (GenerationRequest r : requests) {
      alone.add(model.generate(r).text());
    }

    List<GenerationResult> together = model.generateAll(requests);

    assertThat(together).extracting(GenerationResult::text).containsExactlyElementsOf(alone);
  }

  @Test
  void generate_promptPlusMaxTokensOverContext_rejected() {
    String prompt = "word ".repeat(60); // > 200 tokens at this char-level vocabulary

    assertThatThrownBy(() -> model.generate(GenerationRequest.of(prompt, 64)))
        .isInstanceOf(ContextOverflowException.class)
        .hasMessageContaining("context per sequence")
        .hasMessageContaining("shorten the prompt");
  }

  @Test
  void generate_noMaxTokens_usesWhatTheContextLeavesAndEndsWithMaxTokens() {
    String prompt = "word ".repeat(40);

    GenerationResult result = model.generate(GenerationRequest.of(prompt, null));

    assertThat(result.finishReason()).isEqualTo(EngineFinish.MAX_TOKENS);
    assertThat(result.promptTokens() + result.generatedTokens()).isEqualTo(CONTEXT);
  }

  @Test
  void generate_noMaxTokensButPromptFillsTheContext_rejected() {
    String prompt = "word ".repeat(60);

    assertThatThrownBy(() -> model.generate(GenerationRequest.of(prompt, null)))
        .isInstanceOf(ContextOverflowException.class)
        .hasMessageContaining("leaves none of the 256-token context");
  }

  @Test
  void generate_invalidGrammar_rejected() {
    assertThatThrownBy(
            () ->
                model.generate(GenerationRequest.of("x", 8).withGrammar("root ::= undefined-rule")))
        .isInstanceOf(RejectedInputException.class)
        .hasMessageContaining("grammar");
    assertThatThrownBy(
            () -> model.generate(GenerationRequest.of("x", 8).withGrammar("root ::= [0-9")))
        .isInstanceOf(RejectedInputException.class);
  }

  @Test
  void generate_grammar_constrainsOutput() {
    GenerationResult result =
        model.generate(
            GenerationRequest.of("Number:", 12)
                .withGrammar("root ::= [0-9]+ \"-\" [a-z]*")
                .withSampling(Sampling.random(1.0f, 11)));

    assertThat(result.text()).matches("[0-9]+(-[a-z]*)?");
  }

  @Test
  void load_moeWithExpertOverride_usesThatManyExperts() {
    for (int experts : new int[] {1, 2}) {
      try (LoadedModel m =
          engine.load("tiny-moe-k" + experts, moe, settings().withExpertUsedCount(experts))) {
        assertThat(m.info().expertCount()).isEqualTo(ModelShape.tinyMoe().expertCount());
        assertThat(m.info().expertUsedCount()).isEqualTo(experts);
        assertThat(m.loadLog()).anyMatch(l -> l.matches(".*n_expert_used\\s*=\\s*" + experts));
        assertThat(m.generate(GenerationRequest.of("Experts", 8)).generatedTokens()).isEqualTo(8);
      }
    }
  }

  @Test
  void load_expertOverrideZeroOrAboveExpertCount_rejectedBeforeNativeCall() {
    int count = ModelShape.tinyMoe().expertCount();

    assertThatThrownBy(() -> settings().withExpertUsedCount(0))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(
            () -> engine.load("moe-too-many", moe, settings().withExpertUsedCount(count + 1)))
        .isInstanceOf(RejectedInputException.class)
        .hasMessageContaining("outside 1..%d".formatted(count));
    assertThatThrownBy(
            () ->
                engine.load(
                    "moe-raw",
                    moe,
                    settings().withOverride(MetadataOverride.ofInt("llama.expert_used_count", 0))))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> engine.load("dense-experts", dense, settings().withExpertUsedCount(1)))
        .isInstanceOf(RejectedInputException.class)
        .hasMessageContaining("dense");
  }

  @Test
  void load_corruptOrTruncatedGguf_rejectedBeforeNativeCall() throws IOException {
    byte[] bytes = Files.readAllBytes(dense);
    Path truncated =
        Files.write(
            dir.resolve("truncated.gguf"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Path garbage =
        Files.write(dir.resolve("garbage.gguf"), "GGUF but not really a model".getBytes());

    assertThatThrownBy(() -> engine.load("truncated", truncated, settings()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("rejected before loading");
    assertThatThrownBy(() -> engine.load("garbage", garbage, settings()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("rejected before loading");
  }

  @Test
  void load_validGgufLlamaCannotLoad_failsWithLlamaCppsReason() {
    Path foreign =
        new GgufWriter()
            .put("general.architecture", GgufValue.string("no-such-arch"))
            .write(dir.resolve("foreign.gguf"));

    assertThatThrownBy(() -> engine.load("foreign", foreign, settings()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("llama.cpp could not load")
        .hasMessageContaining("no-such-arch");
  }

  @Test
  void load_contextAboveTrainedLength_rejected() {
    assertThatThrownBy(
            () -> engine.load("too-long", dense, settings().withContextSize(CONTEXT * 2)))
        .isInstanceOf(RejectedInputException.class)
        .hasMessageContaining("trained for");
  }

  @Test
  void close_thenUse_failsWithModelClosed() {
    LoadedModel m = engine.load("short-lived", dense, settings());
    m.close();
    m.close();

    assertThat(m.isClosed()).isTrue();
    assertThatThrownBy(() -> m.generate(GenerationRequest.of("x", 2)))
        .isInstanceOf(ModelClosedException.class);
  }
}
