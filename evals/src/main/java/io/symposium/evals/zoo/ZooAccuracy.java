package io.symposium.evals.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.symposium.evals.synth.Skill;
import io.symposium.evals.synth.TrainingText;
import io.symposium.pool.BackendKind;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.LocalEngineOptions;
import io.symposium.pool.ModelBackends;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.gguf.GgufInspector;
import io.symposium.pool.gguf.GgufVocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;

/**
 * Command line: measures the committed zoo through the real llama.cpp path (a {@link ModelPool}
 * whose llama.cpp worker process runs the bundled CPU library, greedy decoding) on the synthetic
 * benchmark's test split and writes the results into the zoo README (between {@code <!--
 * zoo-accuracy:start -->} and {@code <!-- zoo-accuracy:end -->}) and a PNG heatmap.
 *
 * <pre>
 * ZooAccuracy --models evals/zoo/models --data data/synth [--readme evals/zoo/README.md]
 *             [--png evals/zoo/accuracy.png] [--threads 2] [--per-skill N]
 * </pre>
 *
 * Experts: per-model × per-skill accuracy (the answer is the last "The answer is (X)" or
 * "\boxed{N}"). Keyword model: the share of questions whose keywords all belong to the true skill's
 * keywords. Aggregator: accuracy when it combines three experts' answers, next to their majority
 * vote. Latency: one multiple-choice question per expert, alone, median of five.
 */
public final class ZooAccuracy {
  static final Pattern LETTER = Pattern.compile("The answer is \\(([A-J])\\)");
  static final Pattern BOXED = Pattern.compile("\\\\boxed\\{(-?\\d+)}");
  private static final Pattern OPTION = Pattern.compile("\\(([A-J])\\) (.+?)(?= \\([A-J]\\) |$)");
  static final String START = "<!-- zoo-accuracy:start -->";
  static final String END = "<!-- zoo-accuracy:end -->";
  private static final int MAX_TOKENS = 96;
  private static final int PARALLEL = 16;
  private static final int CHUNK = 4 * PARALLEL;

  /**
   * The zoo's tokenizer: every zoo model carries the char-level vocabulary (checked on load), which
   * tokenizes exactly as llama.cpp does (TokenizationEquivalenceIT), so prompts are measured here.
   */
  private static final GgufVocabulary VOCABULARY = GgufVocabulary.charLevel();

  private ZooAccuracy() {}

  /** One test question with its hidden labels. */
  record TestItem(
      String question,
      String gold,
      String skill,
      String domain,
      String format,
      List<String> labels) {
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
  }

  /** One zoo model as its manifest describes it. */
  record ZooModel(
      String name,
      String role,
      Path gguf,
      int contextLength,
      long parameters,
      List<String> skillMix) {
    ZooModel {
      skillMix = List.copyOf(skillMix);
    }

    static ZooModel of(Path manifest) {
      JsonNode m = ZooExporter.readJson(manifest);
      List<String> mix = new ArrayList<>();
      m.path("training_skill_mix").properties().forEach(e -> mix.add(e.getKey()));
      return new ZooModel(
          m.path("name").asText(),
          m.path("role").asText(),
          manifest.resolveSibling(m.path("file").asText()),
          m.path("hyperparameters").path("context_length").asInt(),
          m.path("parameters").asLong(),
          mix);
    }
  }

  public static void main(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2)
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    Path models = Path.of(options.getOrDefault("models", "evals/zoo/models"));
    Path data = Path.of(options.getOrDefault("data", "data/synth"));
    Path readme = Path.of(options.getOrDefault("readme", "evals/zoo/README.md"));
    Path png = Path.of(options.getOrDefault("png", "evals/zoo/accuracy.png"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
    int perSkill = Integer.parseInt(options.getOrDefault("per-skill", "1000"));

    List<TestItem> test = loadTest(data, perSkill);
    List<ZooModel> zoo = ZooExporter.manifests(models).stream().map(ZooModel::of).toList();
    var report = new StringBuilder();
    try (ModelPool pool = pool(models)) {
      Map<String, List<String>> outputs = new LinkedHashMap<>();
      Map<String, Double> latencyMs = new LinkedHashMap<>();
      Map<String, Integer> latencyTokens = new LinkedHashMap<>();
      TestItem timed =
          test.stream().filter(t -> t.format().equals("mc10")).findFirst().orElse(test.getFirst());
      for (ZooModel model : zoo.stream().filter(m -> m.role().equals("expert")).toList()) {
        try (Loaded loaded = Loaded.register(pool, model, threads)) {
          long t0 = System.nanoTime();
          outputs.put(
              model.name(),
              loaded.generate(
                  test.stream().map(t -> TrainingText.expertPrompt(t.question())).toList()));
          System.out.printf(
              Locale.ROOT,
              "%-18s %d questions in %.1f s%n",
              model.name(),
              test.size(),
              (System.nanoTime() - t0) / 1e9);
          double[] ms = new double[5];
          for (int i = 0; i < ms.length; i++) {
            long s = System.nanoTime();
            Completion r = loaded.generate(TrainingText.expertPrompt(timed.question()));
            ms[i] = (System.nanoTime() - s) / 1e6;
            latencyTokens.put(model.name(), r.completionTokens());
          }
          Arrays.sort(ms);
          latencyMs.put(model.name(), ms[ms.length / 2]);
        }
      }
      report.append(expertSection(zoo, test, outputs, png));
      report.append(latencySection(timed, latencyMs, latencyTokens));
      for (ZooModel model : zoo) {
        if (model.role().equals("keywords")) {
          try (Loaded loaded = Loaded.register(pool, model, threads)) {
            report.append(
                keywordSection(
                    model,
                    test,
                    loaded.generate(
                        test.stream()
                            .map(t -> TrainingText.keywordPrompt(t.question()))
                            .toList())));
          }
        } else if (model.role().equals("aggregator")) {
          try (Loaded loaded = Loaded.register(pool, model, threads)) {
            report.append(aggregatorSection(model, loaded, test, outputs));
          }
        }
      }
    }
    System.out.println(report);
    writeSection(readme, report.toString());
  }

  /**
   * A pool with one llama.cpp worker process, serving models from the zoo's directory, one model at
   * a time (each {@link Loaded} removes its model again).
   */
  private static ModelPool pool(Path models) {
    return ModelPool.create(
        new ModelPool.Config(
            8L << 30,
            Duration.ofMinutes(1),
            CHUNK,
            Duration.ofMinutes(10),
            0,
            Duration.ofSeconds(1),
            List.of(models.toAbsolutePath().normalize())),
        Map.of(BackendKind.LLAMA_CPP, ModelBackends.llamaCpp(LocalEngineOptions.defaults())),
        InstantSource.system(),
        new SimpleMeterRegistry());
  }

  /** A zoo model registered in the pool, {@link #PARALLEL} sequences decoded together. */
  private record Loaded(ModelPool pool, ZooModel model) implements AutoCloseable {

    static Loaded register(ModelPool pool, ZooModel model, int threads) {
      Path file = model.gguf().toAbsolutePath().normalize();
      if (GgufInspector.inspect(file).vocabSize().orElse(0) != VOCABULARY.size())
        throw new IllegalStateException(
            model.name() + " does not carry the zoo's char-level vocabulary: " + file);
      pool.register(
          ModelSpec.llamaCpp(model.name(), file)
              .withContextSize(model.contextLength())
              .withParallelSlots(PARALLEL)
              .withThreads(threads));
      return new Loaded(pool, model);
    }

    /** The answers to {@code prompts}, in order, {@link #CHUNK} requests queued at a time. */
    List<String> generate(List<String> prompts) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < prompts.size(); i += CHUNK)
        out.addAll(
            Objects.requireNonNull(
                Flux.fromIterable(prompts.subList(i, Math.min(prompts.size(), i + CHUNK)))
                    .flatMapSequential(p -> pool.generate(model.name(), request(p)), CHUNK)
                    .map(Completion::text)
                    .collectList()
                    .block()));
      return out;
    }

    Completion generate(String prompt) {
      return Objects.requireNonNull(pool.generate(model.name(), request(prompt)).block());
    }

    /** Greedy, at most {@link #MAX_TOKENS} and never past the model's context. */
    CompletionRequest request(String prompt) {
      return CompletionRequest.greedy(
          prompt, Math.max(1, Math.min(MAX_TOKENS, model.contextLength() - tokens(prompt))));
    }

    @Override
    public void close() {
      pool.remove(model.name());
    }
  }

  /** How many tokens llama.cpp makes of {@code prompt} for a zoo model, BOS included. */
  static int tokens(String prompt) {
    return VOCABULARY.encode(prompt).length;
  }

  /**
   * The final answer of an expert's text: the last "The answer is (X)", else the last \boxed{N}.
   */
  static Optional<String> extractAnswer(String text) {
    String found = null;
    Matcher m = LETTER.matcher(text);
    while (m.find()) found = m.group(1);
    if (found == null) {
      Matcher b = BOXED.matcher(text);
      while (b.find()) found = b.group(1);
    }
    return Optional.ofNullable(found);
  }

  static List<TestItem> loadTest(Path data, int perSkill) {
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

  private static List<String> skillOrder(List<TestItem> test) {
    return test.stream()
        .sorted((a, b) -> a.domain().equals(b.domain()) ? 0 : a.domain().compareTo(b.domain()))
        .map(TestItem::skill)
        .distinct()
        .sorted(
            (a, b) -> {
              int d = Skill.byId(a).domain().compareTo(Skill.byId(b).domain());
              return d != 0 ? d : Integer.compare(Skill.byId(a).ordinal(), Skill.byId(b).ordinal());
            })
        .toList();
  }

  private static String expertSection(
      List<ZooModel> zoo, List<TestItem> test, Map<String, List<String>> outputs, Path png) {
    List<String> skills = skillOrder(test);
    Map<String, Double> chance = new TreeMap<>();
    for (String s : skills)
      chance.put(
          s,
          test.stream()
              .filter(t -> t.skill().equals(s))
              .mapToDouble(TestItem::chance)
              .average()
              .orElse(0));
    var md =
        new StringBuilder(
            "### Experts: accuracy per skill (test split, %d questions, llama.cpp greedy)\n\n"
                .formatted(test.size()));
    md.append("| model | params | ")
        .append(String.join(" | ", skills))
        .append(" | mean |\n|---|---:|");
    md.append("---:|".repeat(skills.size() + 1)).append('\n');
    List<String> rows = new ArrayList<>();
    List<double[]> cells = new ArrayList<>();
    Map<String, Map<String, Double>> accuracy = new LinkedHashMap<>();
    for (var entry : outputs.entrySet()) {
      ZooModel model =
          zoo.stream().filter(m -> m.name().equals(entry.getKey())).findFirst().orElseThrow();
      Map<String, Double> bySkill = new LinkedHashMap<>();
      for (String s : skills) {
        int n = 0, right = 0;
        for (int i = 0; i < test.size(); i++) {
          if (!test.get(i).skill().equals(s)) continue;
          n++;
          if (extractAnswer(entry.getValue().get(i)).filter(test.get(i).gold()::equals).isPresent())
            right++;
        }
        bySkill.put(s, (double) right / n);
      }
      accuracy.put(model.name(), bySkill);
      double mean = overall(test, entry.getValue());
      md.append("| ")
          .append(model.name())
          .append(" | ")
          .append("%.1f M".formatted(model.parameters() / 1e6))
          .append(" | ");
      md.append(bySkill.values().stream().map(ZooAccuracy::pct).collect(Collectors.joining(" | ")))
          .append(" | **")
          .append(pct(mean))
          .append("** |\n");
      rows.add(model.name());
      cells.add(bySkill.values().stream().mapToDouble(Double::doubleValue).toArray());
    }
    md.append("| *chance* | | ")
        .append(
            chance.entrySet().stream()
                .sorted(
                    (a, b) ->
                        Integer.compare(skills.indexOf(a.getKey()), skills.indexOf(b.getKey())))
                .map(e -> pct(e.getValue()))
                .collect(Collectors.joining(" | ")))
        .append(" | ")
        .append(pct(test.stream().mapToDouble(TestItem::chance).average().orElse(0)))
        .append(" |\n\n");
    rows.add("chance");
    cells.add(skills.stream().mapToDouble(chance::get).toArray());
    AccuracyHeatmap.write(
        png,
        "Symposium zoo: accuracy per skill (llama.cpp, test split)",
        rows,
        skills,
        skills.stream().map(s -> Skill.byId(s).domain().id()).toList(),
        cells.toArray(double[][]::new));
    md.append("![accuracy heatmap](").append(png.getFileName()).append(")\n\n");

    md.append(
        "Targets (the skill mix is the manifest's documentation; the profiler never sees it):\n\n");
    md.append(
        "| model | trained on | own skills | other skills | chance on other skills | own ≥ 80 % |"
            + " other within 15 pts of chance |\n"
            + "|---|---|---:|---:|---:|---|---|\n");
    for (var entry : outputs.entrySet()) {
      ZooModel model =
          zoo.stream().filter(m -> m.name().equals(entry.getKey())).findFirst().orElseThrow();
      Set<String> own = Set.copyOf(model.skillMix());
      boolean generalist = own.containsAll(skills);
      double ownAcc = share(test, entry.getValue(), t -> own.contains(t.skill()));
      double otherAcc = share(test, entry.getValue(), t -> !own.contains(t.skill()));
      double otherChance =
          test.stream()
              .filter(t -> !own.contains(t.skill()))
              .mapToDouble(TestItem::chance)
              .average()
              .orElse(Double.NaN);
      String domains =
          model.skillMix().stream()
              .map(s -> Skill.byId(s).domain().id())
              .distinct()
              .collect(Collectors.joining(", "));
      md.append(
          "| %s | %s | %s | %s | %s | %s | %s |\n"
              .formatted(
                  model.name(),
                  generalist ? "all skills" : domains,
                  pct(ownAcc),
                  generalist ? "–" : pct(otherAcc),
                  generalist ? "–" : pct(otherChance),
                  generalist ? "(generalist)" : ownAcc >= 0.8 ? "yes" : "**no**",
                  generalist
                      ? "(generalist)"
                      : Math.abs(otherAcc - otherChance) <= 0.15 ? "yes" : "**no**"));
    }
    md.append('\n');
    return md.toString();
  }

  private static double overall(List<TestItem> test, List<String> outputs) {
    return share(test, outputs, t -> true);
  }

  private static double share(
      List<TestItem> test, List<String> outputs, java.util.function.Predicate<TestItem> which) {
    int n = 0, right = 0;
    for (int i = 0; i < test.size(); i++) {
      if (!which.test(test.get(i))) continue;
      n++;
      if (extractAnswer(outputs.get(i)).filter(test.get(i).gold()::equals).isPresent()) right++;
    }
    return n == 0 ? Double.NaN : (double) right / n;
  }

  private static String latencySection(
      TestItem timed, Map<String, Double> ms, Map<String, Integer> tokens) {
    var md = new StringBuilder("### Latency: one multiple-choice question per expert\n\n");
    md.append(
        "`%s` (%s, 10 options), alone, greedy, 2 threads on this machine's CPU, median of 5 (target < 150 ms):\n\n"
            .formatted(
                timed.question().length() > 60
                    ? timed.question().substring(0, 60) + "…"
                    : timed.question(),
                timed.skill()));
    md.append("| model | generated tokens | ms | < 150 ms |\n|---|---:|---:|---|\n");
    ms.forEach(
        (name, v) ->
            md.append(
                "| %s | %d | %.0f | %s |\n"
                    .formatted(name, tokens.get(name), v, v < 150 ? "yes" : "**no**")));
    return md.append('\n').toString();
  }

  private static String keywordSection(ZooModel model, List<TestItem> test, List<String> outputs) {
    int right = 0, rightFirst = 0;
    Map<String, int[]> bySkill = new LinkedHashMap<>();
    for (int i = 0; i < test.size(); i++) {
      TestItem t = test.get(i);
      Skill skill = Skill.byId(t.skill());
      Set<String> allowed =
          skill.keywordGroups().stream().flatMap(List::stream).collect(Collectors.toSet());
      List<String> written =
          Arrays.stream(outputs.get(i).split(","))
              .map(String::strip)
              .filter(w -> !w.isEmpty())
              .toList();
      boolean ok = !written.isEmpty() && allowed.containsAll(written);
      boolean names =
          !written.isEmpty() && skill.keywordGroups().getFirst().contains(written.getFirst());
      if (ok) right++;
      if (ok && names) rightFirst++;
      int[] c = bySkill.computeIfAbsent(t.skill(), k -> new int[2]);
      c[0] += ok ? 1 : 0;
      c[1]++;
    }
    var md = new StringBuilder("### Keyword model (`%s`)\n\n".formatted(model.name()));
    md.append(
        "Keywords match the true skill labels (every keyword written is one of the true skill's keywords or their synonyms) on **%s** of %d test questions (target ≥ 90 %%); the first keyword names the skill itself on %s.\n\n"
            .formatted(
                pct((double) right / test.size()),
                test.size(),
                pct((double) rightFirst / test.size())));
    String worst =
        bySkill.entrySet().stream()
            .filter(e -> e.getValue()[0] < e.getValue()[1])
            .map(e -> "%s %d/%d".formatted(e.getKey(), e.getValue()[0], e.getValue()[1]))
            .collect(Collectors.joining(", "));
    if (!worst.isEmpty()) md.append("Misses by skill: ").append(worst).append(".\n\n");
    return md.toString();
  }

  private static String aggregatorSection(
      ZooModel model, Loaded loaded, List<TestItem> test, Map<String, List<String>> outputs) {
    List<String> specialists =
        outputs.keySet().stream().filter(n -> n.startsWith("expert-")).toList();
    List<String> prompts = new ArrayList<>();
    List<List<String>> inputs = new ArrayList<>();
    for (int i = 0; i < test.size(); i++) {
      // three answers: both generalists and one specialist in turn, chosen without looking at the
      // labels
      List<String> from = new ArrayList<>();
      outputs.keySet().stream().filter(n -> n.startsWith("generalist-")).forEach(from::add);
      if (!specialists.isEmpty()) from.add(specialists.get(i % specialists.size()));
      List<String> responses = new ArrayList<>();
      for (String name : from.subList(0, Math.min(3, from.size())))
        responses.add(response(test.get(i), Objects.requireNonNull(outputs.get(name)).get(i)));
      inputs.add(responses);
      String prompt = TrainingText.aggregatorPrompt(test.get(i).question(), responses);
      if (tokens(prompt)
          > model.contextLength() - 48) // too long for the context: final sentences only
      prompt =
            TrainingText.aggregatorPrompt(
                test.get(i).question(),
                responses.stream()
                    .map(
                        r ->
                            extractAnswer(r)
                                .map(a -> r.substring(r.lastIndexOf("The answer is")))
                                .orElse(""))
                    .toList());
      prompts.add(prompt);
    }
    List<String> answers = loaded.generate(prompts);
    int right = 0, majority = 0, anyRight = 0;
    for (int i = 0; i < test.size(); i++) {
      String gold = test.get(i).gold();
      if (extractAnswer(answers.get(i)).filter(gold::equals).isPresent()) right++;
      List<String> votes = inputs.get(i).stream().map(r -> extractAnswer(r).orElse("?")).toList();
      String top =
          votes.stream()
              .max(
                  (a, b) ->
                      Integer.compare(
                          java.util.Collections.frequency(votes, a),
                          java.util.Collections.frequency(votes, b)))
              .orElse("?");
      if (top.equals(gold)) majority++;
      if (votes.contains(gold)) anyRight++;
    }
    int n = test.size();
    return ("### Aggregator (`%s`)\n\n"
            + "Given three experts' answers (both generalists and one specialist in turn, not"
            + " chosen by skill), each cut to its final part as in training (`(X) option. The"
            + " answer is (X)` or `N. The answer is \\boxed{N}`): the aggregator is right on"
            + " **%s** of %d test questions; the majority vote of the same three on %s (ties:"
            + " the first answer); at least one of the three is right on %s.\n\n")
        .formatted(
            model.name(),
            pct((double) right / n),
            n,
            pct((double) majority / n),
            pct((double) anyRight / n));
  }

  /**
   * An expert's answer as the aggregator was trained to read it: the lookup and the final sentence,
   * without the worked step.
   */
  static String response(TestItem item, String output) {
    Optional<String> answer = extractAnswer(output);
    if (answer.isEmpty())
      return output.strip().length() > 40 ? output.strip().substring(0, 40) : output.strip();
    if (!item.format().startsWith("mc"))
      return answer.get() + ". The answer is \\boxed{" + answer.get() + "}";
    String tail =
        item.question()
            .substring(item.question().indexOf("The options are: ") + "The options are: ".length());
    Matcher m = OPTION.matcher(tail);
    while (m.find())
      if (m.group(1).equals(answer.get()))
        return "(" + answer.get() + ") " + m.group(2) + ". The answer is (" + answer.get() + ")";
    return "The answer is (" + answer.get() + ")";
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "–" : "%d %%".formatted(Math.round(100 * v));
  }

  /**
   * Replaces the text between the markers in {@code readme} (or appends the markers and the text).
   */
  static void writeSection(Path readme, String section) {
    try {
      String text = Files.exists(readme) ? Files.readString(readme) : "";
      int a = text.indexOf(START), b = text.indexOf(END);
      String replaced =
          a >= 0 && b > a
              ? text.substring(0, a + START.length()) + "\n" + section + text.substring(b)
              : text + "\n" + START + "\n" + section + END + "\n";
      Files.writeString(readme, replaced);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + readme, e);
    }
  }
}
