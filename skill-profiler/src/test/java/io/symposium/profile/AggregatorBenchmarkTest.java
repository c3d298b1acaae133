package io.symposium.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.Question;
import io.symposium.aggregate.SynthesisSettings;
import io.symposium.aggregate.TaskFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

final class AggregatorBenchmarkTest {

  static final String RIGHT = "so it is A. The answer is (A)";
  static final String WRONG = "so it is B. The answer is (B)";

  /** Validation answers: {@code rightCount} of the experts e0..e3 right on item i. */
  static List<ValidationAnswers> answers(int... rightCount) {
    List<ValidationAnswers> out = new ArrayList<>();
    for (int i = 0; i < rightCount.length; i++) {
      String text = "Item " + i + ": pick one. (A) yes (B) no";
      Map<String, GradedAnswer> byModel = new LinkedHashMap<>();
      for (int e = 0; e < 4; e++) {
        boolean right = e < rightCount[i];
        byModel.put(
            "e" + e, new GradedAnswer("e" + e, right ? RIGHT : WRONG, right ? "A" : "B", right));
      }
      out.add(
          new ValidationAnswers(
              BenchmarkItem.of(text, "A"),
              Question.of(text, TaskFormat.MULTIPLE_CHOICE),
              List.of("logic"),
              byModel));
    }
    return out;
  }

  static AggregatorBenchmark benchmark(
      ScriptedGenerator generator, AggregatorBenchmark.Settings settings) {
    return AggregatorBenchmark.create(
        generator,
        AggregationPrompt.compact(),
        AnswerExtractor.multipleChoice(ExtractionMode.STRICT),
        settings);
  }

  static final AggregatorBenchmark.Settings SETTINGS =
      AggregatorBenchmark.Settings.defaults().withSynthesis(SynthesisSettings.greedy(32));

  @Test
  void cases_section1_9_oneRightTwoWrongOrEmptySlots() {
    var cases = benchmark(new ScriptedGenerator((m, r) -> ""), SETTINGS).cases(answers(1, 4, 0, 2));
    assertThat(cases).hasSize(4);
    assertThat(texts(cases.get(0).responses())).containsExactlyInAnyOrder(RIGHT, WRONG, WRONG);
    assertThat(texts(cases.get(1).responses())).containsExactlyInAnyOrder(RIGHT, "", "");
    assertThat(texts(cases.get(2).responses())).containsExactlyInAnyOrder("", WRONG, WRONG);
    assertThat(texts(cases.get(3).responses())).containsExactlyInAnyOrder(RIGHT, WRONG, WRONG);
    // two wrong responses are two different experts
    assertThat(cases.get(0).responses()).extracting(ExpertAnswer::modelId).doesNotHaveDuplicates();
  }

  @Test
  void cases_sampleSizeAndSeed_repeatable() {
    var settings = SETTINGS.withSampleSize(3).withSeed(7);
    var a =
        benchmark(new ScriptedGenerator((m, r) -> ""), settings).cases(answers(1, 2, 3, 1, 2, 3));
    var b =
        benchmark(new ScriptedGenerator((m, r) -> ""), settings).cases(answers(1, 2, 3, 1, 2, 3));
    assertThat(a).hasSize(3).isEqualTo(b);
  }

  @Test
  void run_candidates_mostAccurateWinsUnreadableCountedWrong() {
    var generator =
        new ScriptedGenerator(
            (model, request) ->
                switch (model) {
                  case "good" -> " The answer is (A)";
                  case "bad" -> " The answer is (B)";
                  default -> " hmm";
                });
    List<ProfilingProgress> events = new CopyOnWriteArrayList<>();
    AggregatorChoice choice =
        benchmark(generator, SETTINGS)
            .run("demo", List.of("bad", "mute", "good"), answers(1, 1, 2, 3), events::add)
            .block();

    assertThat(choice.winner()).isEqualTo("good");
    assertThat(choice.accuracy())
        .containsExactly(
            Map.entry("bad", new Accuracy(0, 4)),
            Map.entry("mute", new Accuracy(0, 4)),
            Map.entry("good", new Accuracy(4, 4)));
    assertThat(choice.unreadable()).containsEntry("mute", 4).containsEntry("good", 0);
    assertThat(generator.calls)
        .extracting(ScriptedGenerator.Call::modelId)
        .containsExactly(
            "bad", "bad", "bad", "bad", "mute", "mute", "mute", "mute", "good", "good", "good",
            "good");
    assertThat(generator.calls.getFirst().request().prompt())
        .startsWith("Question: Item 0: pick one.")
        .contains("Response 3:")
        .endsWith("\nAnswer:");
    assertThat(events)
        .contains(new ProfilingProgress(ProfilingProgress.Phase.AGGREGATIONS, 12, 12));
    assertThat(events.getLast().phase()).isEqualTo(ProfilingProgress.Phase.FINISHED);
  }

  @Test
  void run_tie_firstListedCandidateWins() {
    var generator = new ScriptedGenerator((model, request) -> " The answer is (A)");
    assertThat(
            benchmark(generator, SETTINGS)
                .run("demo", List.of("x", "y"), answers(1, 2))
                .block()
                .winner())
        .isEqualTo("x");
  }

  static List<String> texts(List<ExpertAnswer> responses) {
    return responses.stream().map(ExpertAnswer::text).toList();
  }
}
