package io.symposium.evals.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import io.symposium.pool.gguf.GgufVocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One zoo model as its manifest describes it. */
record ZooModel(
    String name,
    String role,
    Path gguf,
    int contextLength,
    long parameters,
    List<String> skillMix) {
  ZooModel {
    skillMix = List.copyOf(skillMix);
  }

  static ZooModel of(Path manifest) {
    JsonNode m = ZooExporter.readJson(manifest);
    List<String> mix = new ArrayList<>();
    m.path("training_skill_mix").properties().forEach(e -> mix.add(e.getKey()));
    return new ZooModel(
        m.path("name").asText(),
        m.path("role").asText(),
        manifest.resolveSibling(m.path("file").asText()),
        m.path("hyperparameters").path("context_length").asInt(),
        m.path("parameters").asLong(),
        mix);
  }

  /**
   * The zoo's tokenizer: every zoo model carries the char-level vocabulary (checked on load), which
   * tokenizes exactly as llama.cpp does (TokenizationEquivalenceIT), so prompts are measured here.
   */
  static final GgufVocabulary VOCABULARY = GgufVocabulary.charLevel();

  /** How many tokens llama.cpp makes of {@code prompt} for a zoo model, BOS included. */
  static int tokens(String prompt) {
    return VOCABULARY.encode(prompt).length;
  }
}
