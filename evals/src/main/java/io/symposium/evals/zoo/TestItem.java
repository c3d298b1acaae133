package io.symposium.evals.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One test question with its hidden labels. */
record TestItem(
    String question, String gold, String skill, String domain, String format, List<String> labels) {
  TestItem {
    labels = List.copyOf(labels);
  }

  double chance() {
    return switch (format) {
      case "mc4" -> 0.25;
      case "mc10" -> 0.1;
      default -> 0.0;
    };
  }

  /** The test split's questions with their labels, at most {@code perSkill} per skill. */
  static List<TestItem> load(Path data, int perSkill) {
    JsonNode items = ZooExporter.readJson(data.resolve("SynthSkills_test.json"));
    List<JsonNode> labels = new ArrayList<>();
    ZooExporter.readJson(data.resolve("SynthSkills_labels.json"))
        .forEach(
            l -> {
              if (l.path("split").asText().equals("test")) labels.add(l);
            });
    if (labels.size() != items.size())
      throw new IllegalStateException("labels do not match the test split");
    Map<String, Integer> taken = new HashMap<>();
    List<TestItem> test = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i), label = labels.get(i);
      if (!item.path("question").asText().equals(label.path("question").asText()))
        throw new IllegalStateException("labels do not match the test split at " + i);
      if (taken.merge(label.path("skill").asText(), 1, Integer::sum) > perSkill) continue;
      List<String> words = new ArrayList<>();
      label.path("labels").forEach(w -> words.add(w.asText()));
      test.add(
          new TestItem(
              item.path("question").asText(),
              item.path("gold_answer").asText(),
              label.path("skill").asText(),
              label.path("domain").asText(),
              label.path("format").asText(),
              words));
    }
    return test;
  }
}
