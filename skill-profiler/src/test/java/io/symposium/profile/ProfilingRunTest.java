package io.symposium.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.TaskFormat;
import io.symposium.pool.Completion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

final class ProfilingRunTest {

  static final List<BenchmarkItem> ITEMS =
      List.of(
          BenchmarkItem.of("Add 2 and 3. (A) 4 (B) 5", "B"),
          BenchmarkItem.of("Why are leaves green? (A) chlorophyll (B) rust", "A"),
          BenchmarkItem.of("Solve x+1=2. (A) 1 (B) 0", "A"),
          BenchmarkItem.of("Greet someone. (A) hi (B) bye", "A"));

  /** Keywords per question; the last question gets only garbage, hence no keywords. */
  static final Map<String, String> KEYWORDS =
      Map.of(
          ITEMS.get(0).question(),
          " algebra, Geometry.",
          ITEMS.get(1).question(),
          " biology",
          ITEMS.get(2).question(),
          " algebra",
          ITEMS.get(3).question(),
          " !!!");

  /** Which expert answers which question right. */
  static final Map<String, List<Boolean>> RIGHT =
      Map.of("A", List.of(true, false, true, true), "B", List.of(false, true, false, false));

  static String script(String model, String prompt) {
    String question = prompt.substring("Question: ".length(), prompt.lastIndexOf('\n'));
    if (model.equals("kw")) {
      return KEYWORDS.get(question);
    }
    int i =
        ITEMS.indexOf(
            ITEMS.stream().filter(it -> it.question().equals(question)).findFirst().orElseThrow());
    String gold = ITEMS.get(i).goldAnswer();
    String answer = RIGHT.get(model).get(i) ? gold : (gold.equals("A") ? "B" : "A");
    return " step. The answer is (" + answer + ")";
  }

  static ProfilingRun profiler(Generator generator, ProfilingRun.Settings settings) {
    var keywords =
        KeywordExtractor.create(
            generator, "kw", ProfilingPrompts.compact(), KeywordExtractor.Settings.defaults());
    return ProfilingRun.create(
        generator,
        keywords,
        ProfilingPrompts.compact(),
        AnswerExtractor.multipleChoice(ExtractionMode.STRICT),
        settings);
  }

  @Test
  void run_scriptedExperts_plusOneMinusOnePerKeywordAsSection1_2() {
    var generator = new ScriptedGenerator((model, request) -> script(model, request.prompt()));
    List<ProfilingProgress> events = new CopyOnWriteArrayList<>();

    ProfilingResult result =
        profiler(generator, ProfilingRun.Settings.defaults().withMaxTokens(64))
            .run(
                ProfilingPlan.of("demo", ITEMS, List.of("A", "B"), TaskFormat.MULTIPLE_CHOICE),
                events::add)
            .block();

    ProfileSet profiles = result.profiles();
    assertThat(profiles.vocabulary()).containsExactly("algebra", "geometry", "biology");
    assertThat(profiles.profile("A"))
        .containsExactly(
            Map.entry("algebra", 2), Map.entry("geometry", 1), Map.entry("biology", -1));
    assertThat(profiles.profile("B"))
        .containsExactly(
            Map.entry("algebra", -2), Map.entry("geometry", -1), Map.entry("biology", 1));
    // the keyword-less question counts towards accuracy only
    assertThat(profiles.accuracyOf("A")).contains(new Accuracy(3, 4));
    assertThat(profiles.accuracyOf("B")).contains(new Accuracy(1, 4));
    // each cell's evidence: algebra on 2 questions, geometry and biology on 1 each
    assertThat(profiles.questions())
        .containsExactly(
            Map.entry("algebra", 2), Map.entry("geometry", 1), Map.entry("biology", 1));
    assertThat(profiles.correct("A", "algebra")).hasValue(2);
    assertThat(profiles.correct("B", "algebra")).hasValue(0);
    assertThat(profiles.correct("B", "biology")).hasValue(1);

    assertThat(result.answers()).hasSize(4);
    assertThat(result.answers().get(3).keywords()).isEmpty();
    assertThat(result.answers().get(0).answers().get("B"))
        .isEqualTo(new GradedAnswer("B", " step. The answer is (A)", "A", false));

    assertThat(events.getLast())
        .isEqualTo(new ProfilingProgress(ProfilingProgress.Phase.FINISHED, 1, 1));
    assertThat(events)
        .contains(
            new ProfilingProgress(ProfilingProgress.Phase.KEYWORDS, 4, 4),
            new ProfilingProgress(ProfilingProgress.Phase.ANSWERS, 8, 8));
    assertThat(events)
        .filteredOn(e -> e.phase() == ProfilingProgress.Phase.ANSWERS)
        .extracting(ProfilingProgress::done)
        .isSorted();
  }

  @Test
  void run_keywordCompletionsCutByTheirLimit_noFragmentEntersTheVocabulary() {
    // " algebra, Geometry." is 19 characters: a 14-token limit cuts it inside "Geometry"
    var generator =
        ScriptedGenerator.cutAtTheLimit((model, request) -> script(model, request.prompt()));
    var d = KeywordExtractor.Settings.defaults();
    var keywords =
        KeywordExtractor.create(
            generator,
            "kw",
            ProfilingPrompts.compact(),
            new KeywordExtractor.Settings(
                d.samples(),
                d.temperature(),
                d.baseSeed(),
                14,
                d.maxKeywordLength(),
                d.minOccurrences(),
                d.cacheSize()));
    ProfilingRun run =
        ProfilingRun.create(
            generator,
            keywords,
            ProfilingPrompts.compact(),
            AnswerExtractor.multipleChoice(ExtractionMode.STRICT),
            ProfilingRun.Settings.defaults().withMaxTokens(64));

    ProfileSet profiles =
        run.run(
                ProfilingPlan.of("demo", ITEMS, List.of("A", "B"), TaskFormat.MULTIPLE_CHOICE),
                e -> {})
            .block()
            .profiles();

    assertThat(profiles.vocabulary()).containsExactly("algebra", "biology").doesNotContain("geome");
  }

  @Test
  void run_expertRequests_modelByModelWithPromptSeedAndTemperature() {
    var generator = new ScriptedGenerator((model, request) -> script(model, request.prompt()));
    profiler(generator, ProfilingRun.Settings.defaults().withMaxTokens(64).withSampling(0.7, 10))
        .run(ProfilingPlan.of("demo", ITEMS, List.of("A", "B"), TaskFormat.MULTIPLE_CHOICE))
        .block();

    var expertCalls = generator.calls.stream().filter(c -> !c.modelId().equals("kw")).toList();
    assertThat(expertCalls)
        .extracting(ScriptedGenerator.Call::modelId)
        .containsExactly("A", "A", "A", "A", "B", "B", "B", "B");
    assertThat(expertCalls.getFirst().request().prompt())
        .isEqualTo("Question: Add 2 and 3. (A) 4 (B) 5\nAnswer:");
    assertThat(expertCalls)
        .extracting(c -> c.request().seed())
        .containsExactly(10L, 11L, 12L, 13L, 10L, 11L, 12L, 13L);
    assertThat(expertCalls)
        .allSatisfy(
            c -> {
              assertThat(c.request().temperature()).isEqualTo(0.7);
              assertThat(c.request().maxTokens()).isEqualTo(64);
            });
    assertThat(generator.callsTo("kw")).hasSize(4 * 5);
  }

  @Test
  void run_disposed_pendingGenerationsCancelledAndWindowRespected() {
    AtomicInteger submitted = new AtomicInteger();
    AtomicInteger cancelled = new AtomicInteger();
    Generator generator =
        (model, request) ->
            model.equals("kw")
                ? Mono.just(
                    new Completion(
                        model, " math", 1, 1, Completion.FinishReason.STOP, Duration.ZERO))
                : Mono.<Completion>never()
                    .doOnSubscribe(s -> submitted.incrementAndGet())
                    .doOnCancel(cancelled::incrementAndGet);
    var run =
        profiler(generator, ProfilingRun.Settings.defaults().withMaxInFlight(3))
            .run(ProfilingPlan.of("demo", ITEMS, List.of("A", "B"), TaskFormat.MULTIPLE_CHOICE))
            .subscribe();

    assertThat(submitted).hasValue(3);
    run.dispose();
    assertThat(cancelled).hasValue(3);
    assertThat(submitted).hasValue(3);
  }

  @Test
  void run_expertFails_failsNamingModelAndItem() {
    var generator =
        new ScriptedGenerator(
            (model, request) -> {
              if (model.equals("B") && request.prompt().contains("Solve x+1=2")) {
                throw new IllegalStateException("worker crashed");
              }
              return script(model, request.prompt());
            });
    assertThatThrownBy(
            () ->
                profiler(generator, ProfilingRun.Settings.defaults())
                    .run(
                        ProfilingPlan.of(
                            "demo", ITEMS, List.of("A", "B"), TaskFormat.MULTIPLE_CHOICE))
                    .block())
        .isInstanceOf(ProfilingFailedException.class)
        .hasMessageContaining("expert 'B' failed on validation item 2 of task 'demo'")
        .hasMessageContaining("worker crashed")
        .satisfies(e -> assertThat(((ProfilingFailedException) e).retriable()).isFalse());
  }

  @Test
  void run_detectedFormats_mixedItemsGradedEachByItsOwn() {
    List<BenchmarkItem> mixed =
        List.of(
            BenchmarkItem.of("Add 2 and 3. (A) 4 (B) 5", "B"),
            BenchmarkItem.of("What is 6 times 7?", "42"));
    var generator =
        new ScriptedGenerator(
            (model, request) ->
                model.equals("kw")
                    ? " arithmetic"
                    : request.prompt().contains("(A)")
                        ? " The answer is (B)"
                        : " The answer is \\boxed{42}");
    ProfilingResult result =
        profiler(generator, ProfilingRun.Settings.defaults())
            .run(ProfilingPlan.detectingFormat("zoo", mixed, List.of("A")))
            .block();
    assertThat(result.answers())
        .extracting(a -> a.question().format())
        .containsExactly(TaskFormat.MULTIPLE_CHOICE, TaskFormat.INTEGER);
  }

  @Test
  void run_goldNamesNoOption_benchmarkFormatErrorWithItem() {
    List<BenchmarkItem> bad =
        List.of(
            BenchmarkItem.of("Pick (A) x (B) y", "A"), BenchmarkItem.of("Pick (A) x (B) y", "D"));
    var generator = new ScriptedGenerator((model, request) -> "x");
    assertThatThrownBy(
            () ->
                profiler(generator, ProfilingRun.Settings.defaults())
                    .run(ProfilingPlan.detectingFormat("t", bad, List.of("A")))
                    .block())
        .isInstanceOf(BenchmarkFormatException.class)
        .hasMessageContaining("validation item 1");
    assertThat(generator.calls).isEmpty();
  }

  @Test
  void plan_duplicateExpertOrNoItems_rejected() {
    assertThatThrownBy(
            () -> ProfilingPlan.of("t", ITEMS, List.of("A", "A"), TaskFormat.MULTIPLE_CHOICE))
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () -> ProfilingPlan.of("t", List.of(), List.of("A"), TaskFormat.MULTIPLE_CHOICE))
        .hasMessageContaining("no validation items");
  }
}
