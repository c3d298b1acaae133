package io.symposium.orchestrator.query;

import static io.symposium.orchestrator.query.ScriptedModels.Script.answers;
import static io.symposium.orchestrator.query.ScriptedModels.Script.fails;
import static io.symposium.orchestrator.query.ScriptedModels.Script.failsAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.TaskFormat;
import io.symposium.orchestrator.query.QueryResult.CallRole;
import io.symposium.orchestrator.query.QueryResult.ExpertOutcome;
import io.symposium.orchestrator.query.QueryResult.ExpertStatus;
import io.symposium.orchestrator.routing.ModelProfile;
import io.symposium.orchestrator.routing.RoutingDecision;
import io.symposium.orchestrator.routing.SkillProfiles;
import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.ModelRejectedException;
import io.symposium.profile.EmbeddingEncoder;
import io.symposium.profile.KeywordExtractor;
import io.symposium.profile.KeywordVocabulary;
import io.symposium.profile.ProfilingPrompts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The query pipeline without Spring: real skills, routing and aggregation over scripted models. The
 * routing a test expects is computed with the same real router the pipeline uses, so the scripts
 * can fail exactly the experts that will be recruited.
 */
final class QueryPipelineTest {

  static final String QUESTION = "Which is even? The options are: (A) 1 (B) 2 (C) 3 (D) 5";
  static final List<String> SKILLS = List.of("algebra", "geometry");
  static final SkillProfiles PROFILES =
      SkillProfiles.of(
          List.of(
              new ModelProfile("algebraist", Map.of("algebra", 4, "geometry", 1, "law", -2)),
              new ModelProfile("geometer", Map.of("algebra", 1, "geometry", 4, "law", -1)),
              new ModelProfile("biologist", Map.of("algebra", -1, "geometry", 0, "law", 0)),
              new ModelProfile("lawyer", Map.of("algebra", -2, "geometry", -1, "law", 5))));

  /** Each expert's own letter, so that experts disagree and synthesis runs. */
  static final Map<String, String> LETTERS =
      Map.of("algebraist", "B", "geometer", "A", "biologist", "C", "lawyer", "D");

  // above 2^32, so the sampling seed differs from the plan's: the experts and the aggregator must
  // get the same masked one
  static final long SEED = 0x1_0000_0007L;

  final ScriptedModels models = new ScriptedModels();
  final List<QueryEvent> events = new CopyOnWriteArrayList<>();

  QueryPipelineTest() {
    models.script("keywords", answers(" algebra, geometry"));
    LETTERS.forEach(
        (model, letter) -> models.script(model, answers(" So. The answer is (" + letter + ")\n")));
  }

  QueryPipeline pipeline() {
    return pipeline(model -> false);
  }

  QueryPipeline pipeline(java.util.function.Predicate<String> sparseMoe) {
    KeywordExtractor keywords =
        KeywordExtractor.create(
            models,
            "keywords",
            ProfilingPrompts.compact(),
            KeywordExtractor.Settings.defaults().withSamples(1).withThresholds(20, 1));
    RoutingContext context =
        new RoutingContext(
            "t",
            1,
            PROFILES,
            KeywordVocabulary.of(PROFILES.vocabulary(), oneHot(List.copyOf(PROFILES.vocabulary()))),
            keywords,
            "aggregator");
    return new QueryPipeline(
        task -> Mono.just(context),
        models,
        model -> ProfilingPrompts.compact(),
        model -> AggregationPrompt.compact(),
        List::of,
        sparseMoe);
  }

  /** An encoder that gives each vocabulary keyword its own axis. */
  static EmbeddingEncoder oneHot(List<String> vocabulary) {
    return texts ->
        texts.stream()
            .map(
                text -> {
                  float[] v = new float[vocabulary.size() + 1];
                  int at = vocabulary.indexOf(text);
                  v[at < 0 ? vocabulary.size() : at] = 1;
                  return v;
                })
            .toList();
  }

  static QueryPlan plan(Strategy strategy, Aggregation aggregation, boolean skipWhenAllAgree) {
    return plan(strategy, aggregation, skipWhenAllAgree, Delivery.STREAMED);
  }

  static QueryPlan plan(
      Strategy strategy, Aggregation aggregation, boolean skipWhenAllAgree, Delivery delivery) {
    return new QueryPlan(
        QUESTION,
        "t",
        3,
        strategy,
        aggregation,
        skipWhenAllAgree,
        SEED,
        48,
        null,
        delivery,
        List.of());
  }

  static RoutingDecision expectedRouting(Strategy strategy) {
    return strategy.route(PROFILES, SKILLS, 3, SEED);
  }

  QueryResult run(QueryPlan plan) {
    QueryResult result = pipeline().run(UUID.randomUUID(), plan, events::add).block();
    assertThat(result).isNotNull();
    return result;
  }

  List<String> pieces() {
    return events.stream()
        .filter(QueryEvent.AnswerPiece.class::isInstance)
        .map(e -> ((QueryEvent.AnswerPiece) e).text())
        .toList();
  }

  /** The stream's rule: the pieces concatenate to exactly the final answer that is logged. */
  void assertPiecesAreTheFinalAnswer(QueryResult result) {
    assertThat(String.join("", pieces())).isEqualTo(result.finalAnswer());
    assertThat(result.aggregation().text()).isEqualTo(result.finalAnswer());
  }

  static @Nullable ExpertOutcome outcome(QueryResult result, String model) {
    return result.experts().stream().filter(e -> e.model().equals(model)).findFirst().orElse(null);
  }

  @Test
  void run_happyPath_skillsRoutingExpertsThenStreamedSynthesis() {
    RoutingDecision expected = expectedRouting(Strategy.SYMBOLIC_MOE);
    assertThat(expected.distinctExperts()).as("fixture: several experts").hasSizeGreaterThan(1);
    models.script(
        "aggregator", answers("  (B) 2", " is even.", " The answer", " is (B)", "\n", " "));

    QueryResult result = run(plan(Strategy.SYMBOLIC_MOE, Aggregation.SYNTHESIS, true));

    assertThat(result.skills().raw()).containsExactly("algebra", "geometry");
    assertThat(result.skills().mapped()).containsExactly("algebra", "geometry");
    assertThat(result.routing()).isEqualTo(expected);
    assertThat(result.experts())
        .extracting(ExpertOutcome::model)
        .containsExactlyInAnyOrderElementsOf(expected.distinctExperts());
    assertThat(result.experts()).allMatch(e -> e.status() == ExpertStatus.ANSWERED);
    assertThat(result.format()).isEqualTo(TaskFormat.MULTIPLE_CHOICE);
    assertThat(result.aggregation().method()).isEqualTo(FinalAnswer.Method.LLM_SYNTHESIS);
    assertThat(result.finalAnswer()).isEqualTo("(B) 2 is even. The answer is (B)");
    assertThat(result.extractedAnswer()).isEqualTo("B");
    // streamed as the aggregator wrote it, whitespace at the ends left out as the final text has
    assertThat(pieces()).containsExactly("(B) 2", " is even.", " The answer", " is (B)");
    assertPiecesAreTheFinalAnswer(result);
    assertThat(events)
        .extracting(QueryEvent::name)
        .startsWith("skills", "routing")
        .endsWith("answer", "aggregate", "done")
        .filteredOn("expert"::equals)
        .hasSize(expected.distinctExperts().size());
    assertThat(models.calls())
        .filteredOn(c -> !c.model().equals("keywords"))
        .extracting(c -> c.request().seed())
        .containsOnly(SEED & 0xFFFF_FFFEL);
    assertThat(models.calls())
        .filteredOn(c -> c.model().equals("aggregator"))
        .singleElement()
        .matches(ScriptedModels.Call::streamed);
  }

  @Test
  void run_wholeDelivery_everyCallCountedExactlyNothingStreamed() {
    RoutingDecision expected = expectedRouting(Strategy.SYMBOLIC_MOE);
    models.script("aggregator", answers("The answer", " is (B)"));

    QueryResult result =
        run(plan(Strategy.SYMBOLIC_MOE, Aggregation.SYNTHESIS, false, Delivery.WHOLE));

    assertThat(models.calls()).noneMatch(ScriptedModels.Call::streamed);
    // the scripted models count 7 prompt tokens and one token per piece
    List<String> called = new ArrayList<>(List.of("keywords"));
    called.addAll(expected.distinctExperts());
    called.add("aggregator");
    assertThat(result.usage().calls())
        .extracting(QueryResult.ModelCall::model)
        .containsExactlyInAnyOrderElementsOf(called);
    assertThat(result.usage().calls())
        .filteredOn(c -> c.role() == CallRole.AGGREGATOR)
        .containsExactly(
            new QueryResult.ModelCall("aggregator", CallRole.AGGREGATOR, 7, 2, true, 0));
    assertThat(result.usage().promptsCounted()).isTrue();
    assertThat(result.usage().promptTokens()).isEqualTo(7 * result.usage().calls().size());
    assertThat(result.usage().completionTokens())
        .isEqualTo(
            result.experts().stream().mapToInt(ExpertOutcome::completionTokens).sum() + 2 + 1);
    // the keyword model's one sample (one piece), first: skills are found before any expert is
    // asked
    assertThat(result.usage().calls().getFirst())
        .isEqualTo(new QueryResult.ModelCall("keywords", CallRole.KEYWORDS, 7, 1, true, 0));
    assertThat(pieces()).containsExactly(result.finalAnswer());
  }

  @Test
  void run_sameQuestionTwice_secondUsageHasTheCachedKeywordEntryAndNoKeywordCall() {
    QueryPipeline pipeline = pipeline();
    QueryPlan plan = plan(Strategy.SYMBOLIC_MOE, Aggregation.MAJORITY, false, Delivery.WHOLE);

    QueryResult first = pipeline.run(UUID.randomUUID(), plan, events::add).block();
    QueryResult second = pipeline.run(UUID.randomUUID(), plan, events::add).block();

    assertThat(first).isNotNull();
    assertThat(second).isNotNull();
    assertThat(models.calledModels()).filteredOn("keywords"::equals).hasSize(1);
    assertThat(first.usage().calls())
        .filteredOn(c -> c.role() == CallRole.KEYWORDS)
        .singleElement()
        .matches(c -> !c.cached() && c.promptTokens() == 7);
    assertThat(second.usage().calls())
        .filteredOn(c -> c.role() == CallRole.KEYWORDS)
        .containsExactly(
            new QueryResult.ModelCall("keywords", CallRole.KEYWORDS, 0, 0, true, 0, true));
    assertThat(second.usage().promptTokens()).isEqualTo(first.usage().promptTokens() - 7);
  }

  @Test
  void run_streamedDelivery_theStreamedAggregatorsPromptIsUncounted() {
    models.script("aggregator", answers("The answer", " is (B)"));

    QueryResult result = run(plan(Strategy.SYMBOLIC_MOE, Aggregation.SYNTHESIS, false));

    assertThat(result.usage().calls().getLast())
        .isEqualTo(new QueryResult.ModelCall("aggregator", CallRole.AGGREGATOR, 0, 2, false, 0));
    assertThat(result.usage().promptsCounted()).isFalse();
  }

  @Test
  void run_expertFailsWholeDelivery_theFailedCallIsNotCountedItsReplacementIs() {
    RoutingDecision expected = expectedRouting(Strategy.SYMBOLIC_MOE);
    String failing = expected.distinctExperts().getFirst();
    models.script(failing, fails(new BackendUnavailableException(failing + " is down")));

    QueryResult result =
        run(plan(Strategy.SYMBOLIC_MOE, Aggregation.MAJORITY, false, Delivery.WHOLE));

    ExpertOutcome replacement =
        result.experts().stream()
            .filter(e -> failing.equals(e.replaces()))
            .findFirst()
            .orElseThrow();
    assertThat(result.usage().calls())
        .extracting(QueryResult.ModelCall::model)
        .doesNotContain(failing)
        .contains(replacement.model());
  }

  static QueryPlan plan(QueryKnobs knobs) {
    return new QueryPlan(
        QUESTION,
        "t",
        2,
        Strategy.SYMBOLIC_MOE,
        Aggregation.MAJORITY,
        false,
        SEED,
        48,
        null,
        Delivery.WHOLE,
        List.of(),
        knobs);
  }

  @Test
  void run_maxExpertCallsSpent_aFailedExpertIsNotReplaced() {
    RoutingDecision routing =
        Strategy.SYMBOLIC_MOE.route(
            PROFILES, SKILLS, 2, SEED, new QueryKnobs(null, true, null, null));
    String failing = routing.distinctExperts().getFirst();
    models.script(failing, fails(new BackendUnavailableException(failing + " died")));

    QueryResult spent = run(plan(new QueryKnobs(null, true, 2, null)));
    QueryResult oneMore = run(plan(new QueryKnobs(null, true, 3, null)));

    assertThat(spent.experts()).hasSize(2).allMatch(e -> e.replaces() == null);
    assertThat(oneMore.experts())
        .hasSize(3)
        .anyMatch(e -> failing.equals(e.replaces()) && e.status() == ExpertStatus.ANSWERED);
    assertThat(spent.knobs().maxExpertCalls()).isEqualTo(2);
  }

  @Test
  void run_activeExperts_reachOnlyTheSparseMoeExperts() {
    RoutingDecision routing =
        Strategy.SYMBOLIC_MOE.route(
            PROFILES, SKILLS, 2, SEED, new QueryKnobs(null, true, null, null));
    String moe = routing.distinctExperts().getFirst();
    String dense = routing.distinctExperts().getLast();

    QueryResult result =
        pipeline(moe::equals)
            .run(UUID.randomUUID(), plan(new QueryKnobs(null, true, null, 2)), events::add)
            .block();

    assertThat(result).isNotNull();
    assertThat(outcome(result, moe)).extracting(ExpertOutcome::activeExperts).isEqualTo(2);
    assertThat(outcome(result, dense)).extracting(ExpertOutcome::activeExperts).isNull();
    assertThat(models.calls())
        .filteredOn(c -> c.model().equals(moe))
        .isNotEmpty()
        .allMatch(c -> Integer.valueOf(2).equals(c.request().activeExperts()));
    assertThat(models.calls())
        .filteredOn(c -> c.model().equals(dense))
        .isNotEmpty()
        .allMatch(c -> c.request().activeExperts() == null);
  }

  @Test
  void run_expertFails_replacedByTheNextBest() {
    RoutingDecision expected = expectedRouting(Strategy.SYMBOLIC_MOE);
    String failing = expected.distinctExperts().getFirst();
    String replacement = expected.nextBest().getFirst();
    models.script(
        failing, fails(new BackendUnavailableException("worker of " + failing + " died")));

    QueryResult result = run(plan(Strategy.SYMBOLIC_MOE, Aggregation.MAJORITY, false));

    assertThat(outcome(result, failing))
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(ExpertStatus.FAILED);
              assertThat(o.error()).contains("died");
            });
    assertThat(outcome(result, replacement))
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(ExpertStatus.ANSWERED);
              assertThat(o.replaces()).isEqualTo(failing);
              assertThat(o.draws()).isEqualTo(expected.multiplicity(failing));
            });
    assertThat(result.degraded()).isTrue();
    assertThat(result.experts()).hasSize(expected.distinctExperts().size() + 1);
    // the failure is reported before its replacement answers
    List<String> expertEvents = new ArrayList<>();
    events.stream()
        .filter(QueryEvent.ExpertDone.class::isInstance)
        .forEach(e -> expertEvents.add(((QueryEvent.ExpertDone) e).expert().model()));
    assertThat(expertEvents.indexOf(failing)).isLessThan(expertEvents.indexOf(replacement));
    assertThat(pieces()).hasSize(1);
    assertPiecesAreTheFinalAnswer(result);
  }

  @Test
  void run_everyExpertBeyondItsContext_contextLengthExceeded() {
    LETTERS
        .keySet()
        .forEach(m -> models.script(m, fails(new ContextLengthExceededException(m + " is full"))));

    assertThatThrownBy(() -> run(plan(Strategy.SYMBOLIC_MOE, Aggregation.SYNTHESIS, true)))
        .isInstanceOf(ContextLengthExceededException.class)
        .hasMessageContaining("fit the context of no recruited expert");
    // every candidate was tried, as recruit or replacement, and none twice
    assertThat(models.calledModels())
        .filteredOn(LETTERS::containsKey)
        .containsExactlyInAnyOrderElementsOf(LETTERS.keySet());
    assertThat(pieces()).isEmpty();
  }

  @Test
  void run_everyExpertRejectsOrIsFull_modelRejected() {
    LETTERS
        .keySet()
        .forEach(
            m ->
                models.script(
                    m,
                    fails(
                        m.equals("lawyer")
                            ? new ModelRejectedException("lawyer rejects it")
                            : new ContextLengthExceededException(m + " is full"))));

    assertThatThrownBy(() -> run(plan(Strategy.SYMBOLIC_MOE, Aggregation.SYNTHESIS, true)))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining("rejected the request");
  }

  @Test
  void run_everyExpertUnavailable_backendUnavailable() {
    LETTERS
        .keySet()
        .forEach(m -> models.script(m, fails(new BackendUnavailableException(m + " is down"))));

    assertThatThrownBy(() -> run(plan(Strategy.SYMBOLIC_MOE, Aggregation.SYNTHESIS, true)))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("every recruited expert and every replacement failed");
    assertThat(pieces()).isEmpty();
  }

  @Test
  void run_oneRetriableFailureAmongPermanentOnes_backendUnavailable() {
    LETTERS
        .keySet()
        .forEach(
            m ->
                models.script(
                    m,
                    fails(
                        m.equals("biologist")
                            ? new BackendUnavailableException("biologist is down")
                            : new ContextLengthExceededException(m + " is full"))));

    assertThatThrownBy(() -> run(plan(Strategy.SYMBOLIC_MOE, Aggregation.SYNTHESIS, true)))
        .isInstanceOf(BackendUnavailableException.class);
  }

  @Test
  void run_aggregatorFailsBeforeWriting_majorityVoteDecides() {
    models.script("aggregator", fails(new BackendUnavailableException("aggregator is down")));

    QueryResult result = run(plan(Strategy.SYMBOLIC_MOE, Aggregation.SYNTHESIS, true));

    assertThat(result.aggregation().method()).isEqualTo(FinalAnswer.Method.MAJORITY_VOTE);
    assertThat(result.finalAnswer()).startsWith("So. The answer is (");
    assertThat(pieces()).hasSize(1);
    assertPiecesAreTheFinalAnswer(result);
  }

  @Test
  void run_aggregatorFailsAfterWriting_whatWasStreamedIsTheFinalAnswer() {
    models.script(
        "aggregator",
        failsAfter(
            new BackendUnavailableException("aggregator died"), "The answer", " is (C) bec"));

    QueryResult result = run(plan(Strategy.SYMBOLIC_MOE, Aggregation.SYNTHESIS, true));

    assertThat(result.finalAnswer()).isEqualTo("The answer is (C) bec");
    assertThat(result.extractedAnswer()).isEqualTo("C");
    assertThat(pieces()).containsExactly("The answer", " is (C) bec");
    assertPiecesAreTheFinalAnswer(result);
  }

  @Test
  void run_aggregatorWritesNoReadableAnswer_streamedTextStandsVoteExtracts() {
    models.script("aggregator", answers("I cannot", " tell. "));

    QueryResult result = run(plan(Strategy.SYMBOLIC_MOE, Aggregation.SYNTHESIS, true));

    assertThat(result.finalAnswer()).isEqualTo("I cannot tell.");
    assertThat(result.aggregation().fallback())
        .isEqualTo(FinalAnswer.Fallback.UNREADABLE_AGGREGATOR_OUTPUT);
    assertThat(result.extractedAnswer()).isNotNull();
    assertPiecesAreTheFinalAnswer(result);
  }

  @Test
  void run_allExpertsAgree_noSynthesisOnePiece() {
    LETTERS.keySet().forEach(m -> models.script(m, answers("The answer is (B)")));

    QueryResult result = run(plan(Strategy.SYMBOLIC_MOE, Aggregation.SYNTHESIS, true));

    assertThat(result.aggregation().method()).isEqualTo(FinalAnswer.Method.CONSENSUS);
    assertThat(models.calledModels()).doesNotContain("aggregator");
    assertThat(pieces()).containsExactly("The answer is (B)");
    assertPiecesAreTheFinalAnswer(result);
  }

  @Test
  void run_singleStrategy_skipsSynthesisAndStreamsTheExpert() {
    String best = expectedRouting(Strategy.SINGLE).distinctExperts().getFirst();
    models.script(best, answers("\n ", "2 is even.", " The answer", " is (B)", " \n"));

    QueryResult result = run(plan(Strategy.SINGLE, Aggregation.SYNTHESIS, false));

    assertThat(models.calledModels()).doesNotContain("aggregator");
    assertThat(result.experts()).singleElement().extracting(ExpertOutcome::model).isEqualTo(best);
    assertThat(result.aggregation().method()).isEqualTo(FinalAnswer.Method.MAJORITY_VOTE);
    assertThat(result.finalAnswer()).isEqualTo("2 is even. The answer is (B)");
    assertThat(pieces()).containsExactly("2 is even.", " The answer", " is (B)");
    assertPiecesAreTheFinalAnswer(result);
    assertThat(models.calls())
        .filteredOn(c -> c.model().equals(best))
        .singleElement()
        .matches(ScriptedModels.Call::streamed);
  }

  @Test
  void run_singleExpertFailsBeforeWriting_replacementStreams() {
    RoutingDecision expected = expectedRouting(Strategy.SINGLE);
    String best = expected.distinctExperts().getFirst();
    String next = expected.nextBest().getFirst();
    models.script(best, failsAfter(new BackendUnavailableException("gone"), "  "));
    models.script(next, answers("The answer", " is (A)"));

    QueryResult result = run(plan(Strategy.SINGLE, Aggregation.SYNTHESIS, false));

    assertThat(outcome(result, next)).extracting(ExpertOutcome::replaces).isEqualTo(best);
    assertThat(pieces()).containsExactly("The answer", " is (A)");
    assertPiecesAreTheFinalAnswer(result);
  }

  @Test
  void run_singleExpertFailsAfterWriting_notReplacedQueryFails() {
    String best = expectedRouting(Strategy.SINGLE).distinctExperts().getFirst();
    models.script(best, failsAfter(new BackendUnavailableException("gone"), "The ans"));

    assertThatThrownBy(() -> run(plan(Strategy.SINGLE, Aggregation.SYNTHESIS, false)))
        .isInstanceOf(BackendUnavailableException.class);
    // the client saw this expert's text, so no other expert's may follow it
    assertThat(models.calledModels()).filteredOn(LETTERS::containsKey).containsExactly(best);
    assertThat(pieces()).containsExactly("The ans");
  }

  @Test
  void run_allStrategyOneAnswerLeft_noSparesVoteOfOneAsOnePiece() {
    // "all" asks the decision's experts and its next-best candidates at once, so none is spare
    assertThat(expectedRouting(Strategy.ALL).nextBest())
        .as("fixture: candidates left")
        .isNotEmpty();
    String survivor = "lawyer";
    LETTERS.keySet().stream()
        .filter(m -> !m.equals(survivor))
        .forEach(m -> models.script(m, fails(new BackendUnavailableException(m + " is down"))));

    QueryResult result = run(plan(Strategy.ALL, Aggregation.SYNTHESIS, true));

    assertThat(result.experts())
        .extracting(ExpertOutcome::model)
        .containsExactlyInAnyOrderElementsOf(LETTERS.keySet());
    assertThat(result.experts()).allMatch(e -> e.replaces() == null);
    assertThat(models.calledModels()).doesNotContain("aggregator");
    assertThat(result.finalAnswer()).isEqualTo("So. The answer is (" + LETTERS.get(survivor) + ")");
    assertThat(pieces()).hasSize(1);
    assertPiecesAreTheFinalAnswer(result);
  }

  @Test
  void run_severalExperts_answerConcurrently() {
    LETTERS.forEach(
        (model, letter) ->
            models.script(
                model, answers("The answer is (" + letter + ")").after(Duration.ofSeconds(10))));
    models.script("aggregator", answers("The answer is (B)"));

    // one after another they would take 40 virtual seconds
    StepVerifier.withVirtualTime(
            () ->
                pipeline()
                    .run(
                        UUID.randomUUID(),
                        plan(Strategy.ALL, Aggregation.SYNTHESIS, true),
                        e -> {}))
        .thenAwait(Duration.ofSeconds(10))
        .assertNext(result -> assertThat(result.experts()).hasSize(LETTERS.size()))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void run_expertRequest_namedLimitsAndTheStyleStops() {
    run(plan(Strategy.SINGLE, Aggregation.SYNTHESIS, false));

    CompletionRequest request =
        models.calls().stream()
            .filter(c -> LETTERS.containsKey(c.model()))
            .findFirst()
            .orElseThrow()
            .request();
    assertThat(request.maxTokens()).isEqualTo(48);
    assertThat(request.temperature()).isZero();
    assertThat(request.stop()).isEqualTo(ProfilingPrompts.compact().expertStops());
  }
}
