package io.symposium.evals.run;

import io.symposium.aggregate.TaskFormat;
import io.symposium.evals.synth.SkillBench;
import io.symposium.evals.synth.SkillItem;
import io.symposium.profile.BenchmarkFile;
import io.symposium.profile.BenchmarkItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Builds a {@link Dataset}: the zoo's generated benchmark, or a Symbolic-MoE JSON file. */
public final class Datasets {
  /** The seed and size the zoo's committed models and the service's validation set come from. */
  public static final long ZOO_SEED = 42;

  public static final int ZOO_PER_SKILL = 50;

  private Datasets() {}

  /**
   * The zoo benchmark's test split, at most {@code limit} per skill, profiled on at most {@code
   * profilePerSkill} validation items per skill.
   */
  public static Dataset zoo(int limit, int profilePerSkill, @Nullable TaskFormat declared) {
    SkillBench bench = SkillBench.generate(ZOO_SEED, ZOO_PER_SKILL);
    List<EvalItem> test = new ArrayList<>();
    Map<String, Integer> taken = new HashMap<>();
    for (SkillItem item : bench.test()) {
      if (taken.merge(item.skill().id(), 1, Integer::sum) > limit) continue;
      test.add(
          item(
              test.size(),
              item.question(),
              item.goldAnswer(),
              item.category(),
              item.skill().id(),
              declared));
    }
    Map<String, Integer> profiled = new HashMap<>();
    List<BenchmarkItem> validation = new ArrayList<>();
    for (SkillItem item : bench.validation())
      if (profiled.merge(item.skill().id(), 1, Integer::sum) <= profilePerSkill)
        validation.add(new BenchmarkItem(item.question(), item.goldAnswer(), item.category()));
    return new Dataset("zoo", test, validation);
  }

  /**
   * A benchmark file ({@code [{"question", "gold_answer", "category"?}]}), at most {@code limit}
   * per category; profiled on {@code validation} or else the sibling {@code *_train.json} (how the
   * Symbolic-MoE files name their validation split).
   */
  public static Dataset file(
      Path file,
      @Nullable Path validation,
      int limit,
      int profileLimit,
      @Nullable TaskFormat declared) {
    String name = file.getFileName().toString().replaceFirst("(_test)?\\.json$", "");
    Path validationFile = validation != null ? validation : siblingTrain(file);
    List<EvalItem> test = new ArrayList<>();
    Map<String, Integer> taken = new HashMap<>();
    for (BenchmarkItem b : BenchmarkFile.read(file)) {
      String category = Objects.requireNonNullElse(b.category(), name);
      if (taken.merge(category, 1, Integer::sum) > limit) continue;
      test.add(item(test.size(), b.question(), b.goldAnswer(), name, category, declared));
    }
    Map<String, Integer> profiled = new HashMap<>();
    List<BenchmarkItem> kept = new ArrayList<>();
    for (BenchmarkItem b : BenchmarkFile.read(validationFile))
      if (profiled.merge(Objects.requireNonNullElse(b.category(), name), 1, Integer::sum)
          <= profileLimit) kept.add(b);
    return new Dataset(name, test, kept);
  }

  private static Path siblingTrain(Path file) {
    String base = file.getFileName().toString();
    Path train = file.resolveSibling(base.replaceFirst("_test\\.json$", "_train.json"));
    if (train.equals(file) || !Files.isRegularFile(train))
      throw new IllegalArgumentException(
          "no validation file for %s: expected %s beside it, or give --validation FILE"
              .formatted(file, train.getFileName()));
    return train;
  }

  /** A test item whose format is declared, or else detected from the question and gold answer. */
  static EvalItem item(
      int id,
      String question,
      String gold,
      String task,
      String skill,
      @Nullable TaskFormat declared) {
    TaskFormat format = declared != null ? declared : TaskFormat.detect(question, gold);
    return new EvalItem(id, question, gold, format, task, skill);
  }
}
