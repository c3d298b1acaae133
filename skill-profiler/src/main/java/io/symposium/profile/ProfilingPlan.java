package io.symposium.profile;

import io.symposium.aggregate.TaskFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a profiling run profiles: a task's validation items and the experts to profile on them.
 *
 * @param task the task name the profiles are for
 * @param items the validation items, each answered by every expert
 * @param experts the expert model ids, each once
 * @param format the answer format of every item, or null to detect each item's from its question
 *     and gold answer ({@link TaskFormat#detect}); use the factories rather than passing null
 */
public record ProfilingPlan(
    String task, List<BenchmarkItem> items, List<String> experts, @Nullable TaskFormat format) {

  public ProfilingPlan {
    if (task.isBlank()) {
      throw new IllegalArgumentException("a profiling plan needs a task name");
    }
    items = List.copyOf(items);
    experts = List.copyOf(experts);
    if (items.isEmpty()) {
      throw new IllegalArgumentException(
          "task '" + task + "' has no validation items to profile on");
    }
    if (experts.isEmpty()) {
      throw new IllegalArgumentException("task '" + task + "' names no expert models to profile");
    }
    if (new HashSet<>(experts).size() != experts.size()) {
      throw new IllegalArgumentException(
          "task '%s' lists an expert twice: %s".formatted(task, experts));
    }
  }

  /** Every item has {@code format}. */
  public static ProfilingPlan of(
      String task, List<BenchmarkItem> items, List<String> experts, TaskFormat format) {
    return new ProfilingPlan(task, items, experts, format);
  }

  /**
   * Each item's format is detected from its question and gold answer (mixed tasks such as the
   * zoo's).
   */
  public static ProfilingPlan detectingFormat(
      String task, List<BenchmarkItem> items, List<String> experts) {
    return new ProfilingPlan(task, items, experts, null);
  }

  /** The fixed format, empty when each item's is detected. */
  public Optional<TaskFormat> fixedFormat() {
    return Optional.ofNullable(format);
  }
}
