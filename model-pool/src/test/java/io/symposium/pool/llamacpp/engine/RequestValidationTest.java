package io.symposium.pool.llamacpp.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inputs that would crash or silently misbehave in llama.cpp are refused by our records, before any
 * native call.
 */
final class RequestValidationTest {

  @Test
  void sampling_nanOrInfiniteTemperature_rejected() {
    assertThatThrownBy(() -> new Sampling(Float.NaN, 40, 0.9f, 1))
        .isInstanceOf(RejectedInputException.class)
        .hasMessageContaining("temperature must be a finite number >= 0");
    assertThatThrownBy(() -> new Sampling(Float.POSITIVE_INFINITY, 40, 0.9f, 1))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> new Sampling(-0.5f, 40, 0.9f, 1))
        .isInstanceOf(RejectedInputException.class);
  }

  @Test
  void sampling_topPOutsideUnitInterval_rejected() {
    assertThatThrownBy(() -> new Sampling(0.7f, 40, 0f, 1))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> new Sampling(0.7f, 40, 1.01f, 1))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> new Sampling(0.7f, 40, Float.NaN, 1))
        .isInstanceOf(RejectedInputException.class);
    assertThatCode(() -> new Sampling(0.7f, 0, 1f, 0)).doesNotThrowAnyException();
  }

  @Test
  void sampling_negativeTopKOrSeedOutOfRange_rejected() {
    assertThatThrownBy(() -> new Sampling(0.7f, -1, 0.9f, 1))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> new Sampling(0.7f, 1, 0.9f, 0xFFFF_FFFFL))
        .isInstanceOf(RejectedInputException.class);
  }

  @Test
  void request_maxTokensBelowOneOrEmptyStop_rejected() {
    assertThatThrownBy(() -> GenerationRequest.of("hi", 0))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> GenerationRequest.of("hi", 5).withStop(List.of("")))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> GenerationRequest.of("hi", 5).withGrammar("  "))
        .isInstanceOf(RejectedInputException.class);
  }

  @Test
  void settings_outOfBounds_rejected() {
    ModelSettings base = ModelSettings.defaults();
    assertThatThrownBy(() -> base.withContextSize(0)).isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> base.withContextSize(1 << 20).withParallelSequences(2))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> base.withThreads(0)).isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> base.withParallelSequences(0))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> base.withBatchSize(0)).isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> base.withGpuLayers(-1)).isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> base.withExpertUsedCount(0))
        .isInstanceOf(RejectedInputException.class)
        .hasMessageContaining("aborts the process");
  }

  @Test
  void override_keyTooLongOrNonFiniteFloat_rejected() {
    assertThatThrownBy(() -> MetadataOverride.ofInt("k".repeat(128), 1))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> MetadataOverride.ofFloat("llama.rope.freq_base", Double.NaN))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(
            () ->
                ModelSettings.defaults()
                    .withOverride(MetadataOverride.ofInt("a", 1))
                    .withOverride(MetadataOverride.ofInt("a", 2)))
        .isInstanceOf(RejectedInputException.class);
  }
}
