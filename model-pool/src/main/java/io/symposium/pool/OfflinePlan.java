package io.symposium.pool;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A whole set of (prompt, model) assignments known in advance — an eval run, a batch of queries —
 * to be run loading every model exactly once, with {@code lastModel} (typically the aggregator)
 * last.
 *
 * @param assignments the work, each with a key unique in the plan
 * @param lastModel the model whose work runs after everything else, or null
 */
public record OfflinePlan(List<Assignment> assignments, @Nullable String lastModel) {

  /** One prompt for one model. */
  public record Assignment(String key, String modelId, CompletionRequest request) {}

  public OfflinePlan {
    assignments = List.copyOf(assignments);
    Set<String> keys = new HashSet<>();
    for (Assignment a : assignments) {
      if (!keys.add(a.key())) {
        throw new IllegalArgumentException(
            "assignment key '" + a.key() + "' appears twice in the plan");
      }
    }
  }

  /** The models in the order they run: first use, with {@code lastModel} moved to the end. */
  public List<String> modelOrder() {
    Set<String> order = new LinkedHashSet<>();
    assignments.forEach(a -> order.add(a.modelId()));
    List<String> list = new ArrayList<>(order);
    if (lastModel != null && list.remove(lastModel)) {
      list.add(lastModel);
    }
    return list;
  }

  public List<Assignment> forModel(String modelId) {
    return assignments.stream().filter(a -> a.modelId().equals(modelId)).toList();
  }
}
