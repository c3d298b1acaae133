package io.symposium.orchestrator.profiles;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One stored version of a task's skill profiles.
 *
 * @param id the version's row id
 * @param task the task (benchmark) the profiles are for
 * @param version 1, 2, … per task
 * @param active whether routing uses it
 * @param origin {@code run} or {@code import}
 * @param aggregatorModel the model the aggregator benchmark chose, if it ran
 * @param scores per model, keyword → score (+1 per correct, −1 per wrong answer)
 * @param accuracy per model, correct and answered counts
 * @param questions per keyword, how many validation questions the scores rest on (every model
 *     answered each); empty for an imported version
 * @param createdAt when it was stored
 */
public record StoredProfiles(
    long id,
    String task,
    int version,
    boolean active,
    String origin,
    @Nullable String aggregatorModel,
    Map<String, Map<String, Integer>> scores,
    Map<String, Accuracy> accuracy,
    Map<String, Integer> questions,
    Instant createdAt) {

  /** How often a model answered a validation question right. */
  public record Accuracy(int correct, int answered) {
    public Accuracy {
      if (correct < 0 || answered < correct) {
        throw new IllegalArgumentException(
            "accuracy needs 0 <= correct <= answered, got %d/%d".formatted(correct, answered));
      }
    }
  }

  public StoredProfiles {
    Map<String, Map<String, Integer>> copy = new HashMap<>();
    scores.forEach((model, byKeyword) -> copy.put(model, Map.copyOf(byKeyword)));
    scores = Map.copyOf(copy);
    accuracy = Map.copyOf(accuracy);
    questions = Map.copyOf(questions);
  }
}
