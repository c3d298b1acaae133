package io.symposium.evals.synth;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Command line: writes the synthetic skill benchmark and, on request, the zoo's training text.
 *
 * <pre>
 * GenerateSkillBench --seed 42 --out DIR --per-skill N
 *     [--train-per-skill M] [--keywords-per-skill K] [--aggregator-per-skill A]
 *     [--service-validation V]
 * </pre>
 *
 * <p>With V &gt; 0 it also writes DIR/validation.json, the service's first-start profiling set (the
 * first V validation questions per skill, interleaved: {@link SkillBench#interleavedValidation});
 * the bundled {@code zoo/models/validation.json} is {@code --seed 42 --per-skill 50
 * --service-validation 16}.
 *
 * <p>Writes DIR/SynthSkills_{train,test,labels}.json and, when M &gt; 0,
 * DIR/zoo-train/expert/{skill}.jsonl.gz (M samples per skill), DIR/zoo-train/keywords.jsonl.gz and
 * DIR/zoo-train/aggregator.jsonl.gz (K and A per skill, default M / 4). Same arguments, same bytes
 * (gzip's timestamp field is written as zero).
 */
public final class GenerateSkillBench {
  private GenerateSkillBench() {}

  public static void main(String[] args) {
    Map<String, String> options = parse(args);
    long seed = Long.parseLong(options.getOrDefault("seed", "42"));
    String out = options.get("out");
    if (out == null) usage("--out is required");
    int perSkill = Integer.parseInt(options.getOrDefault("per-skill", "50"));
    int trainPerSkill = Integer.parseInt(options.getOrDefault("train-per-skill", "0"));
    int keywordsPerSkill =
        Integer.parseInt(
            options.getOrDefault("keywords-per-skill", Integer.toString(trainPerSkill / 4)));
    int aggregatorPerSkill =
        Integer.parseInt(
            options.getOrDefault("aggregator-per-skill", Integer.toString(trainPerSkill / 4)));

    int serviceValidation = Integer.parseInt(options.getOrDefault("service-validation", "0"));

    Path dir = Path.of(out);
    SkillBench bench = SkillBench.generate(seed, perSkill);
    bench.writeTo(dir);
    if (serviceValidation > 0) {
      Path file = dir.resolve("validation.json");
      try {
        Files.writeString(
            file, bench.interleavedValidationJson(serviceValidation), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
      System.out.printf(
          "wrote the service's validation set (%d per skill, interleaved) to %s%n",
          serviceValidation, file);
    }
    System.out.printf(
        "wrote %d validation and %d test questions (%d skills) to %s%n",
        bench.validation().size(), bench.test().size(), Skill.values().length, dir);
    if (trainPerSkill > 0) {
      Path train = dir.resolve("zoo-train");
      List<Skill> all = List.of(Skill.values());
      for (Skill skill : all)
        writeJsonLines(
            train.resolve("expert").resolve(skill.id() + ".jsonl.gz"),
            TrainingText.expert(seed, List.of(skill), trainPerSkill));
      writeJsonLines(
          train.resolve("keywords.jsonl.gz"), TrainingText.keywords(seed, all, keywordsPerSkill));
      writeJsonLines(
          train.resolve("aggregator.jsonl.gz"),
          TrainingText.aggregator(seed, all, aggregatorPerSkill));
      System.out.printf("wrote zoo training text to %s%n", train);
    }
  }

  /** Writes samples as gzip-compressed JSON Lines. */
  public static void writeJsonLines(Path file, List<TrainingSample> samples) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer writer =
          new OutputStreamWriter(
              new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
        for (TrainingSample sample : samples) writer.write(sample.jsonLine() + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write training text to " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    List<String> known =
        List.of(
            "seed",
            "out",
            "per-skill",
            "train-per-skill",
            "keywords-per-skill",
            "aggregator-per-skill",
            "service-validation");
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length)
        usage("bad arguments: " + Arrays.toString(args));
      String key = args[i].substring(2);
      if (!known.contains(key)) usage("unknown option --" + key);
      options.put(key, args[++i]);
    }
    return options;
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println(
        "usage: GenerateSkillBench --seed 42 --out DIR --per-skill N [--train-per-skill M]"
            + " [--keywords-per-skill K] [--aggregator-per-skill A] [--service-validation V]");
    System.exit(2);
  }
}
