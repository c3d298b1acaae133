package io.symposium.evals.run;

import io.symposium.orchestrator.routing.SkillProfiles;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The skill profiles of the experts, made on the validation split, with each expert's validation
 * accuracy: what the routers and the validation-chosen baselines (task-best, task top-k) use.
 *
 * @param items validation questions profiled on
 * @param dropped validation questions left out because they fit no expert's context
 */
public record ValidationProfile(
    SkillProfiles profiles, Map<String, Double> accuracy, int items, int dropped, long millis) {
  public ValidationProfile {
    accuracy = Map.copyOf(accuracy);
  }

  /** Experts from best to worst validation accuracy (ties by name, so the order is stable). */
  public List<String> ranking() {
    return accuracy.keySet().stream()
        .sorted(
            Comparator.comparingDouble((String m) -> -accuracy.getOrDefault(m, 0.0))
                .thenComparing(m -> m))
        .toList();
  }
}
