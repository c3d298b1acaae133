package io.symposium.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The skill profiles of a task: for each expert model an integer score per vocabulary keyword, and
 * each model's validation accuracy where known.
 *
 * <p>Design note (research/symbolic-moe.md §1.2). {@code score(M, s)} is the number of validation
 * questions with keyword {@code s} that M got right minus the number it got wrong. Every model
 * answers every validation question, so every profile has exactly the vocabulary as its key set;
 * the constructor checks that. The accuracy is for display and for choosing an aggregator; routing
 * does not use it (it uses the scores, §1.4–§1.6).
 *
 * @param task the task (benchmark) these profiles are for
 * @param vocabulary the task's keywords, in a stable order
 * @param scores model → keyword → score, every model having every vocabulary keyword
 * @param accuracy model → right/asked on the validation set; models imported without it are absent
 * @param questions keyword → how many validation questions carry it, the same for every model since
 *     every model answers every question; with the score it gives each cell's right and wrong
 *     answers ({@link #correct}). Empty for profiles imported without it (the reference format
 *     stores only scores)
 */
public record ProfileSet(
    String task,
    List<String> vocabulary,
    Map<String, Map<String, Integer>> scores,
    Map<String, Accuracy> accuracy,
    Map<String, Integer> questions) {

  /** Profiles without per-keyword question counts (imported in the reference format). */
  public ProfileSet(
      String task,
      List<String> vocabulary,
      Map<String, Map<String, Integer>> scores,
      Map<String, Accuracy> accuracy) {
    this(task, vocabulary, scores, accuracy, Map.of());
  }

  public ProfileSet {
    if (task.isBlank()) {
      throw new IllegalArgumentException("a profile set needs a task name");
    }
    vocabulary = List.copyOf(vocabulary);
    Set<String> keys = new HashSet<>(vocabulary);
    if (keys.size() != vocabulary.size()) {
      throw new IllegalArgumentException(
          "the vocabulary of task '" + task + "' lists a keyword twice");
    }
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    for (var model : scores.entrySet()) {
      if (!model.getValue().keySet().equals(keys)) {
        Set<String> missing = new HashSet<>(keys);
        missing.removeAll(model.getValue().keySet());
        Set<String> extra = new HashSet<>(model.getValue().keySet());
        extra.removeAll(keys);
        throw new IllegalArgumentException(
            "the profile of model '%s' must score exactly the vocabulary of task '%s'; missing %s, not in the vocabulary %s"
                .formatted(model.getKey(), task, sample(missing), sample(extra)));
      }
      Map<String, Integer> ordered = new LinkedHashMap<>();
      vocabulary.forEach(k -> ordered.put(k, model.getValue().get(k)));
      copy.put(model.getKey(), Collections.unmodifiableMap(ordered));
    }
    scores = Collections.unmodifiableMap(copy);
    for (String model : accuracy.keySet()) {
      if (!scores.containsKey(model)) {
        throw new IllegalArgumentException(
            "accuracy given for model '"
                + model
                + "', which has no profile in task '"
                + task
                + "'");
      }
    }
    accuracy = Collections.unmodifiableMap(new LinkedHashMap<>(accuracy));
    if (!questions.isEmpty()) {
      if (!questions.keySet().equals(keys)) {
        throw new IllegalArgumentException(
            "question counts of task '%s' must cover exactly its vocabulary".formatted(task));
      }
      for (var model : scores.entrySet()) {
        for (var cell : model.getValue().entrySet()) {
          // present: the key sets were checked equal above
          int asked = questions.getOrDefault(cell.getKey(), 0);
          int score = cell.getValue();
          // score = right − wrong and right + wrong = asked
          if (Math.abs(score) > asked || (asked - score) % 2 != 0) {
            throw new IllegalArgumentException(
                "model '%s' scores %d on '%s', impossible over %d questions"
                    .formatted(model.getKey(), score, cell.getKey(), asked));
          }
        }
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String k : vocabulary) {
      Integer count = questions.get(k);
      if (count != null) {
        counts.put(k, count);
      }
    }
    questions = Collections.unmodifiableMap(counts);
  }

  /** Whether each cell's right and wrong answers are known, not only its score. */
  public boolean hasQuestionCounts() {
    return !questions.isEmpty();
  }

  /**
   * How many of the validation questions with {@code keyword} {@code model} answered right; empty
   * without question counts or for a keyword outside the vocabulary.
   */
  public OptionalInt correct(String model, String keyword) {
    Integer asked = questions.get(keyword);
    if (asked == null) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((asked + score(model, keyword)) / 2);
  }

  /** The profiled models, in the order they were given. */
  public List<String> models() {
    return List.copyOf(scores.keySet());
  }

  /** {@code model}'s keyword → score. */
  public Map<String, Integer> profile(String model) {
    Map<String, Integer> profile = scores.get(model);
    if (profile == null) {
      throw new IllegalArgumentException(
          "no profile for model '%s' in task '%s'; profiled models: %s"
              .formatted(model, task, models()));
    }
    return profile;
  }

  /** {@code model}'s score for {@code keyword}, 0 for a keyword outside the vocabulary. */
  public int score(String model, String keyword) {
    return profile(model).getOrDefault(keyword, 0);
  }

  /**
   * The sum of {@code model}'s scores, G_M of §1.4, from which the router computes global
   * competence.
   */
  public long totalScore(String model) {
    return profile(model).values().stream().mapToLong(Integer::longValue).sum();
  }

  /** {@code model}'s validation accuracy, empty when the profiles were imported without it. */
  public Optional<Accuracy> accuracyOf(String model) {
    profile(model);
    return Optional.ofNullable(accuracy.get(model));
  }

  private static List<String> sample(Set<String> keywords) {
    List<String> sorted = new ArrayList<>(keywords);
    Collections.sort(sorted);
    return sorted.size() > 5 ? List.copyOf(sorted.subList(0, 5)) : sorted;
  }
}
