package io.symposium.evals.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic skill benchmark: a validation split (for profiling) and a test split, every question
 * unique across both, in the format of {@code benchmarks/symbolic-moe/test_data}. The same seed
 * always gives the same files, byte for byte.
 */
public record SkillBench(long seed, List<SkillItem> validation, List<SkillItem> test) {
  /** File-name stem; {@code _train} is the validation split, named as Symbolic-MoE names it. */
  public static final String NAME = "SynthSkills";

  /**
   * Draws before a skill's format gives way to another one whose question space is not yet used up.
   */
  private static final int DRAWS_PER_FORMAT = 200;

  public SkillBench {
    validation = List.copyOf(validation);
    test = List.copyOf(test);
  }

  /** Every skill, the standard fact world, {@code perSkill} questions per skill in each split. */
  public static SkillBench generate(long seed, int perSkill) {
    return generate(seed, perSkill, List.of(Skill.values()), FactWorld.standard());
  }

  public static SkillBench generate(long seed, int perSkill, List<Skill> skills, FactWorld world) {
    if (perSkill < 1) throw new IllegalArgumentException("perSkill must be >= 1: " + perSkill);
    Set<String> seen = new HashSet<>();
    List<SkillItem> validation = new ArrayList<>();
    List<SkillItem> test = new ArrayList<>();
    for (Skill skill : skills) {
      var rng = SeedStreams.BENCH.forSkill(seed, skill);
      List<ItemFormat> formats = skill.formats();
      for (int i = 0; i < 2 * perSkill; i++) {
        // i / 2 so that both splits get every format in turn
        SkillItem item = drawUnique(skill, formats, (i / 2) % formats.size(), rng, world, seen);
        (i % 2 == 0 ? validation : test).add(item);
      }
    }
    var order = SeedStreams.BENCH.shared(seed);
    Collections.shuffle(validation, new Random(order.nextLong()));
    Collections.shuffle(test, new Random(order.nextLong()));
    return new SkillBench(seed, validation, test);
  }

  private static SkillItem drawUnique(
      Skill skill,
      List<ItemFormat> formats,
      int first,
      java.util.SplittableRandom rng,
      FactWorld world,
      Set<String> seen) {
    for (int f = 0; f < formats.size(); f++) {
      ItemFormat format = formats.get((first + f) % formats.size());
      for (int draw = 0; draw < DRAWS_PER_FORMAT; draw++) {
        SkillItem item = SkillItem.of(skill, format, skill.pose(rng, world, format), rng);
        if (seen.add(item.question())) return item;
      }
    }
    throw new IllegalStateException(
        "skill %s ran out of distinct questions; ask for fewer per skill".formatted(skill.id()));
  }

  /** The validation split as the benchmark's JSON array. */
  public String validationJson() {
    return benchmarkJson(validation);
  }

  /**
   * The service's copy of the validation split ({@code zoo/models/validation.json}): the first
   * {@code perSkill} validation questions of each skill, interleaved skill by skill (round r holds
   * every skill's r-th question, skills in their declared order), so that any prefix of the file
   * covers every skill about equally; that is what a profiling run's {@code limit} takes.
   */
  public List<SkillItem> interleavedValidation(int perSkill) {
    if (perSkill < 1) throw new IllegalArgumentException("perSkill must be >= 1: " + perSkill);
    Map<Skill, List<SkillItem>> bySkill = new LinkedHashMap<>();
    for (Skill skill : Skill.values()) bySkill.put(skill, new ArrayList<>());
    for (SkillItem item : validation)
      bySkill.computeIfAbsent(item.skill(), s -> new ArrayList<>()).add(item);
    List<SkillItem> interleaved = new ArrayList<>();
    for (int round = 0; round < perSkill; round++)
      for (List<SkillItem> items : bySkill.values())
        if (round < items.size()) interleaved.add(items.get(round));
    return interleaved;
  }

  /** {@link #interleavedValidation} as the benchmark's JSON array. */
  public String interleavedValidationJson(int perSkill) {
    return benchmarkJson(interleavedValidation(perSkill));
  }

  /** The test split as the benchmark's JSON array. */
  public String testJson() {
    return benchmarkJson(test);
  }

  /**
   * The hidden labels, one object per item of both splits: split, index in that split, question,
   * skill, domain, format, labels. For scoring and analysis only, never for the router.
   */
  public String labelsJson() {
    List<String> rows = new ArrayList<>();
    labelRows(rows, "validation", validation);
    labelRows(rows, "test", test);
    return JsonText.array(rows);
  }

  /**
   * Writes {@code SynthSkills_train.json} (validation), {@code SynthSkills_test.json} and {@code
   * SynthSkills_labels.json}.
   */
  public List<Path> writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      List<Path> written =
          List.of(
              dir.resolve(NAME + "_train.json"),
              dir.resolve(NAME + "_test.json"),
              dir.resolve(NAME + "_labels.json"));
      Files.writeString(written.get(0), validationJson(), StandardCharsets.UTF_8);
      Files.writeString(written.get(1), testJson(), StandardCharsets.UTF_8);
      Files.writeString(written.get(2), labelsJson(), StandardCharsets.UTF_8);
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the skill benchmark to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String benchmarkJson(List<SkillItem> items) {
    // a LinkedHashMap, not Map.of: the field order is part of the byte-for-byte output
    return JsonText.array(
        items.stream()
            .map(
                item -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("question", item.question());
                  row.put("gold_answer", item.goldAnswer());
                  row.put("category", item.category());
                  return JsonText.object(row);
                })
            .toList());
  }

  private static void labelRows(List<String> rows, String split, List<SkillItem> items) {
    for (int i = 0; i < items.size(); i++) {
      SkillItem item = items.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("split", split);
      row.put("index", i);
      row.put("question", item.question());
      row.put("skill", item.skill().id());
      row.put("domain", item.skill().domain().id());
      row.put("format", item.format().id());
      row.put("labels", item.skill().labels());
      rows.add(JsonText.object(row));
    }
  }
}
