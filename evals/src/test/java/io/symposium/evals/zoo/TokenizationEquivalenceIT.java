package io.symposium.evals.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.pool.llamacpp.engine.LlamaEngine;
import io.symposium.pool.llamacpp.engine.LoadedModel;
import io.symposium.pool.llamacpp.engine.ModelSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * llama.cpp (the bundled library, through the FFM binding) tokenizes the benchmark's texts exactly
 * as the training did.
 */
class TokenizationEquivalenceIT {

  @Test
  void llamaCppTokenize_ofEveryZooModel_equalsTheTrainingTokenizersIds() {
    try (LlamaEngine engine = LlamaEngine.openBundled()) {
      for (Path manifest : ZooExporter.manifests(ZooSmokeIT.MODELS)) {
        ZooModel model = ZooModel.of(manifest);
        try (LoadedModel loaded =
            engine.load(
                model.name(),
                model.gguf(),
                ModelSettings.defaults().withContextSize(model.contextLength()).withThreads(1))) {
          for (TokenizedText t : TokenizedText.sample())
            assertThat(loaded.tokenize(t.text()))
                .as("%s: %s", model.name(), t.text())
                .containsExactly(t.withBos());
        }
      }
    }
  }
}
