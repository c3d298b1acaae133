package io.symposium.evals.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small full run in-process on the committed zoo through llama.cpp: one test question per skill,
 * one seed, a few methods, profiles from one validation question per skill.
 */
class EvalRunIT {
  @TempDir Path out;

  @Test
  void smallZooRun_writesAConsistentReport_andLoadsEachModelOnce() throws Exception {
    EvalSettings settings =
        EvalArguments.parse(
            "--dataset",
            "zoo",
            "--limit",
            "1",
            "--profile-limit",
            "1",
            "--seeds",
            "0",
            "--methods",
            "symbolic-moe,task-best,all-experts,oracle",
            "--naive-items",
            "1",
            "--bootstrap",
            "200",
            "--zoo",
            "zoo/models",
            "--out",
            out.toString());
    EvalRun run = Evaluation.run(settings, ProgressListener.none());
    Path report = RunWriter.write(run, out);

    int items = run.results().items().size();
    assertThat(items).isEqualTo(19); // one per skill
    for (String f :
        List.of(
            "report.html",
            "accuracy.png",
            "skills.png",
            "cost.png",
            "loading.png",
            "items.jsonl",
            "items.csv",
            "manifest.json")) assertThat(out.resolve(f)).as(f).isNotEmptyFile();
    String html = Files.readString(report);
    assertThat(html)
        .contains("data:image/png;base64,")
        .contains("symbolic-moe+synthesis")
        .contains("oracle");

    // every (label, item) has one row: 3 symbolic-moe aggregations + task-best + all-experts +
    // oracle
    List<String> lines = Files.readAllLines(out.resolve("items.jsonl"));
    assertThat(lines).hasSize(6 * items);
    assertThat(Files.readAllLines(out.resolve("items.csv")))
        .hasSizeGreaterThanOrEqualTo(6 * items + 1);
    ObjectMapper json = new ObjectMapper();
    Map<String, List<JsonNode>> byLabel =
        lines.stream()
            .map(l -> read(json, l))
            .collect(Collectors.groupingBy(n -> n.path("label").asText()));
    assertThat(byLabel.values()).allSatisfy(rows -> assertThat(rows).hasSize(items));

    assertThat(run.summaries()).hasSize(6);
    MethodSummary oracle =
        run.summaries().stream().filter(s -> s.label().equals("oracle")).findFirst().orElseThrow();
    for (MethodSummary s : run.summaries()) {
      assertThat(s.mean()).as(s.label()).isBetween(0.0, 1.0);
      assertThat(s.items()).isEqualTo(items);
      assertThat(oracle.mean()).as("oracle ≥ " + s.label()).isGreaterThanOrEqualTo(s.mean());
    }

    // the phased plan: each model loaded once, in a pool that holds one model at a time
    List<String> loads = run.results().loads();
    assertThat(new HashSet<>(loads)).hasSameSizeAs(loads);
    assertThat(loads).contains("keywords").containsAll(run.zoo().experts());
    assertThat(run.comparison()).isNotNull();
    assertThat(run.comparison().naiveLoads())
        .isGreaterThanOrEqualTo(run.comparison().batchedLoads());

    JsonNode manifest = json.readTree(out.resolve("manifest.json").toFile());
    assertThat(manifest.path("test_items").asInt()).isEqualTo(items);
    assertThat(manifest.path("models").path("expert-facts").path("sha256").asText()).hasSize(64);
    assertThat(manifest.path("host").path("cores").asInt()).isPositive();
    assertThat(manifest.path("settings").path("seeds").size()).isEqualTo(1);
  }

  private static JsonNode read(ObjectMapper json, String line) {
    try {
      return json.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
