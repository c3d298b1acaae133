package io.symposium.evals.zoo;

import io.symposium.evals.synth.Skill;
import io.symposium.evals.synth.TrainingText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The zoo README's measured section: experts' accuracy per skill (with the heatmap), latency, the
 * keyword model and the aggregator, as Markdown.
 */
final class ZooReport {
  static final String START = "<!-- zoo-accuracy:start -->";
  static final String END = "<!-- zoo-accuracy:end -->";

  private ZooReport() {}

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

  static String expertSection(
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
          if (ZooAnswers.extractAnswer(entry.getValue().get(i))
              .filter(test.get(i).gold()::equals)
              .isPresent()) right++;
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
      md.append(bySkill.values().stream().map(ZooReport::pct).collect(Collectors.joining(" | ")))
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
      if (ZooAnswers.extractAnswer(outputs.get(i)).filter(test.get(i).gold()::equals).isPresent())
        right++;
    }
    return n == 0 ? Double.NaN : (double) right / n;
  }

  static String latencySection(
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

  static String keywordSection(ZooModel model, List<TestItem> test, List<String> outputs) {
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

  static String aggregatorSection(
      ZooModel model,
      Function<List<String>, List<String>> generate,
      List<TestItem> test,
      Map<String, List<String>> outputs) {
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
        responses.add(
            ZooAnswers.response(test.get(i), Objects.requireNonNull(outputs.get(name)).get(i)));
      inputs.add(responses);
      String prompt = TrainingText.aggregatorPrompt(test.get(i).question(), responses);
      if (ZooModel.tokens(prompt)
          > model.contextLength() - 48) // too long for the context: final sentences only
      prompt =
            TrainingText.aggregatorPrompt(
                test.get(i).question(),
                responses.stream()
                    .map(
                        r ->
                            ZooAnswers.extractAnswer(r)
                                .map(a -> r.substring(r.lastIndexOf("The answer is")))
                                .orElse(""))
                    .toList());
      prompts.add(prompt);
    }
    List<String> answers = generate.apply(prompts);
    int right = 0, majority = 0, anyRight = 0;
    for (int i = 0; i < test.size(); i++) {
      String gold = test.get(i).gold();
      if (ZooAnswers.extractAnswer(answers.get(i)).filter(gold::equals).isPresent()) right++;
      List<String> votes =
          inputs.get(i).stream().map(r -> ZooAnswers.extractAnswer(r).orElse("?")).toList();
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
