package io.symposium.evals.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.symposium.evals.synth.Skill;
import io.symposium.evals.synth.SkillBench;
import io.symposium.evals.synth.SkillItem;
import io.symposium.evals.synth.TrainingText;
import io.symposium.pool.gguf.GgufFile;
import io.symposium.pool.gguf.GgufInspector;
import io.symposium.pool.gguf.GgufVocabulary;
import io.symposium.pool.llamacpp.engine.GenerationRequest;
import io.symposium.pool.llamacpp.engine.LlamaEngine;
import io.symposium.pool.llamacpp.engine.LoadedModel;
import io.symposium.pool.llamacpp.engine.ModelSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed zoo: every file is what its manifest says, and experts answer their own skills
 * through llama.cpp.
 */
class ZooSmokeIT {
  /** The committed models, from the evals module's directory (where Maven runs the tests). */
  static final Path MODELS = Path.of("zoo/models");

  @Test
  void everyZooGguf_passesInspection_andMatchesItsManifest() throws Exception {
    List<Path> manifests = ZooExporter.manifests(MODELS);
    assertThat(manifests).hasSizeGreaterThanOrEqualTo(8);
    long total = 0;
    for (Path manifest : manifests) {
      JsonNode m = ZooExporter.readJson(manifest);
      Path gguf = MODELS.resolve(m.path("file").asText());
      GgufFile file = GgufInspector.inspect(gguf);
      assertThat(file.architecture()).isEqualTo("llama");
      assertThat(file.vocabSize()).hasValue(GgufVocabulary.CHAR_LEVEL_SIZE);
      assertThat(file.contextLength())
          .hasValue(m.path("hyperparameters").path("context_length").asLong());
      assertThat(ZooExporter.sha256(gguf)).as(gguf.toString()).isEqualTo(m.path("sha256").asText());
      assertThat(m.path("role").asText()).isIn("expert", "keywords", "aggregator");
      total += Files.size(gguf) + Files.size(manifest);
    }
    assertThat(manifests.stream().map(p -> ZooExporter.readJson(p).path("role").asText()))
        .contains("keywords", "aggregator")
        .filteredOn("expert"::equals)
        .hasSizeGreaterThanOrEqualTo(6);
    assertThat(total).as("the zoo in the repository").isLessThanOrEqualTo(40_000_000L);
  }

  @Test
  void specialists_answerTheirOwnSkillsTestQuestions_throughLlamaCpp() {
    // the first test questions of a skill each specialist scores 100 % on (evals/zoo/README.md)
    Map<String, Skill> own =
        Map.of(
            "expert-numbers",
            Skill.ADDITION,
            "expert-logic",
            Skill.PARITY,
            "expert-facts",
            Skill.CAPITAL);
    SkillBench bench = SkillBench.generate(42, 50);
    try (LlamaEngine engine = LlamaEngine.openBundled()) {
      for (var entry : own.entrySet()) {
        ZooModel model = ZooModel.of(MODELS.resolve(entry.getKey() + ".manifest.json"));
        try (LoadedModel loaded =
            engine.load(
                model.name(),
                model.gguf(),
                ModelSettings.defaults().withContextSize(model.contextLength()).withThreads(2))) {
          List<SkillItem> questions =
              bench.test().stream().filter(i -> i.skill() == entry.getValue()).limit(3).toList();
          for (SkillItem item : questions) {
            String prompt = TrainingText.expertPrompt(item.question());
            int room = model.contextLength() - loaded.tokenize(prompt).length;
            String answer =
                loaded.generate(GenerationRequest.of(prompt, Math.min(96, room))).text();
            assertThat(ZooAnswers.extractAnswer(answer))
                .as("%s on %s: %s", model.name(), item.question(), answer)
                .hasValue(item.goldAnswer());
          }
        }
      }
    }
  }
}
