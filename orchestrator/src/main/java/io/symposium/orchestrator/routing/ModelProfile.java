package io.symposium.orchestrator.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One expert's skill profile: keyword → integer score, where a score is (validation questions with
 * the keyword the model got right) − (those it got wrong) (research/symbolic-moe.md §1.2).
 *
 * @param model the model id
 * @param scores keyword → score, kept in the given order
 */
public record ModelProfile(String model, Map<String, Integer> scores) {

  public ModelProfile {
    if (model.isBlank()) {
      throw new IllegalArgumentException("model id must not be blank");
    }
    // LinkedHashMap, not Map.copyOf: Map.copyOf iterates in an order that changes from one JVM run
    // to the next
    Map<String, Integer> copy = new LinkedHashMap<>();
    scores.forEach(
        (keyword, score) -> {
          if (keyword == null || keyword.isBlank()) {
            throw new IllegalArgumentException("profile of '" + model + "' has a blank keyword");
          }
          if (score == null) {
            throw new IllegalArgumentException(
                "profile of '" + model + "' has no score for keyword '" + keyword + "'");
          }
          copy.put(keyword, score);
        });
    scores = Collections.unmodifiableMap(copy);
  }
}
