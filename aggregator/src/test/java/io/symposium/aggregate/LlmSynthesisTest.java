package io.symposium.aggregate;

import static io.symposium.aggregate.Answers.MC;
import static io.symposium.aggregate.Answers.STRICT;
import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.aggregate.FinalAnswer.Fallback;
import io.symposium.aggregate.FinalAnswer.Method;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * LLM synthesis against a generator that answers with a fixed text and records what it was asked.
 */
final class LlmSynthesisTest {

  final List<String> models = new ArrayList<>();
  final List<CompletionRequest> requests = new ArrayList<>();

  Generator answering(String output) {
    return (model, request) -> {
      models.add(model);
      requests.add(request);
      return Mono.just(
          new Completion(model, output, 10, 5, Completion.FinishReason.STOP, Duration.ofMillis(3)));
    };
  }

  Generator streaming(List<String> pieces) {
    return streaming(Flux.fromIterable(pieces));
  }

  Generator failingAfter(List<String> pieces, RuntimeException failure) {
    return streaming(Flux.fromIterable(pieces).concatWith(Mono.error(failure)));
  }

  /** A generator that can only stream, and streams {@code out}. */
  Generator streaming(Flux<String> out) {
    return new Generator() {
      @Override
      public Mono<Completion> generate(String model, CompletionRequest request) {
        return Mono.error(new AssertionError("synthesis should stream, not generate"));
      }

      @Override
      public Flux<String> stream(String model, CompletionRequest request) {
        models.add(model);
        requests.add(request);
        return out;
      }
    };
  }

  final List<String> handedOver = new ArrayList<>();

  AggregationStrategy synthesis(Generator generator) {
    return AggregationStrategy.llmSynthesis(
        generator, "agg", AggregationPrompt.detailed(), STRICT, SynthesisSettings.defaults());
  }

  static final List<ExpertAnswer> SPLIT =
      Answers.of(
          "m1",
          "1 is odd. The answer is (A)",
          "m2",
          "<think>long</think>2 is even. The answer is (B)",
          "m3",
          "The answer is (B)");

  @Test
  void llmSynthesis_readableOutput_aggregatorsAnswer() {
    var strategy =
        AggregationStrategy.llmSynthesis(
            answering(" 2 is even. The answer is (B)\n"),
            "agg",
            AggregationPrompt.detailed(),
            STRICT,
            SynthesisSettings.defaults());
    FinalAnswer answer = strategy.aggregate(MC, SPLIT).block();
    assertThat(answer).isNotNull();
    assertThat(answer.method()).isEqualTo(Method.LLM_SYNTHESIS);
    assertThat(answer.extracted()).isEqualTo("B");
    assertThat(answer.text()).isEqualTo("2 is even. The answer is (B)");
    assertThat(answer.aggregatorModelId()).isEqualTo("agg");
    assertThat(answer.fallback()).isEqualTo(Fallback.NONE);
    assertThat(answer.votes()).extracting(FinalAnswer.Tally::answer).containsExactly("B", "A");
    assertThat(models).containsExactly("agg");
    CompletionRequest request = requests.getFirst();
    assertThat(request.prompt()).isEqualTo(AggregationPrompt.detailed().render(MC, SPLIT));
    assertThat(request.temperature()).isEqualTo(0.7);
    assertThat(request.maxTokens()).isEqualTo(4096);
  }

  @Test
  void llmSynthesis_aggregatorAnswersAgainstTheMajority_aggregatorWins() {
    var strategy =
        AggregationStrategy.llmSynthesis(
            answering("The answer is (A)"),
            "agg",
            AggregationPrompt.detailed(),
            STRICT,
            SynthesisSettings.defaults());
    assertThat(strategy.aggregate(MC, SPLIT).block())
        .extracting(FinalAnswer::extracted)
        .isEqualTo("A");
  }

  @Test
  void llmSynthesis_unreadableOutput_majorityVoteReported() {
    var strategy =
        AggregationStrategy.llmSynthesis(
            answering("I cannot decide."),
            "agg",
            AggregationPrompt.detailed(),
            STRICT,
            SynthesisSettings.defaults());
    FinalAnswer answer = strategy.aggregate(MC, SPLIT).block();
    assertThat(answer).isNotNull();
    assertThat(answer.method()).isEqualTo(Method.MAJORITY_VOTE);
    assertThat(answer.fallback()).isEqualTo(Fallback.UNREADABLE_AGGREGATOR_OUTPUT);
    assertThat(answer.aggregatorModelId()).isEqualTo("agg");
    assertThat(answer.extracted()).isEqualTo("B");
    assertThat(answer.text()).isEqualTo("<think>long</think>2 is even. The answer is (B)");
  }

  @Test
  void llmSynthesis_nothingReadableAnywhere_noAnswerAggregatorText() {
    var strategy =
        AggregationStrategy.llmSynthesis(
            answering("xyz"),
            "agg",
            AggregationPrompt.detailed(),
            STRICT,
            SynthesisSettings.defaults());
    FinalAnswer answer = strategy.aggregate(MC, Answers.of("m1", "hmm", "m2", "no")).block();
    assertThat(answer).isNotNull();
    assertThat(answer.extracted()).isNull();
    assertThat(answer.text()).isEqualTo("xyz");
    assertThat(answer.fallback()).isEqualTo(Fallback.UNREADABLE_AGGREGATOR_OUTPUT);
  }

  @Test
  void llmSynthesis_compactPrompt_greedyWithLineStop() {
    var strategy =
        AggregationStrategy.llmSynthesis(
            answering(" (B) 2. The answer is (B)"),
            "zoo-agg",
            AggregationPrompt.compact(),
            STRICT,
            SynthesisSettings.greedy(64));
    assertThat(strategy.aggregate(MC, SPLIT).block())
        .extracting(FinalAnswer::extracted)
        .isEqualTo("B");
    CompletionRequest request = requests.getFirst();
    assertThat(request.stop()).containsExactly("\n");
    assertThat(request.temperature()).isZero();
    assertThat(request.maxTokens()).isEqualTo(64);
    assertThat(request.prompt()).startsWith("Question: Which is even?").endsWith("\nAnswer:");
  }

  @Test
  void llmSynthesis_generatorFails_errorSignalled() {
    Generator failing =
        (model, request) -> Mono.error(new IllegalStateException("model 'agg' is gone"));
    var strategy =
        AggregationStrategy.llmSynthesis(
            failing, "agg", AggregationPrompt.detailed(), STRICT, SynthesisSettings.defaults());
    StepVerifier.create(strategy.aggregate(MC, SPLIT))
        .expectErrorMessage("model 'agg' is gone")
        .verify();
  }

  @Test
  void llmSynthesis_notSubscribed_noCall() {
    var strategy =
        AggregationStrategy.llmSynthesis(
            answering("The answer is (A)"),
            "agg",
            AggregationPrompt.detailed(),
            STRICT,
            SynthesisSettings.defaults());
    strategy.aggregate(MC, SPLIT);
    assertThat(models).isEmpty();
  }

  @Test
  void llmSynthesis_noAnswers_errorWithoutCall() {
    var strategy =
        AggregationStrategy.llmSynthesis(
            answering("The answer is (A)"),
            "agg",
            AggregationPrompt.detailed(),
            STRICT,
            SynthesisSettings.defaults());
    StepVerifier.create(strategy.aggregate(MC, List.of()))
        .expectError(IllegalArgumentException.class)
        .verify();
    assertThat(models).isEmpty();
  }

  @Test
  void llmSynthesisStreamed_readableOutput_piecesHandedOverAndSameAnswerAsWhole() {
    List<String> pieces = List.of(" 2 is", " even.", " The answer", " is (B)\n");
    FinalAnswer streamed =
        synthesis(streaming(pieces)).aggregate(MC, SPLIT, handedOver::add).block();
    FinalAnswer whole = synthesis(answering(String.join("", pieces))).aggregate(MC, SPLIT).block();
    assertThat(handedOver).containsExactlyElementsOf(pieces);
    assertThat(streamed).isEqualTo(whole);
    assertThat(streamed.text()).isEqualTo("2 is even. The answer is (B)");
    assertThat(streamed.method()).isEqualTo(Method.LLM_SYNTHESIS);
  }

  @Test
  void llmSynthesisStreamed_unreadableOutputShown_outputIsTheTextVoteTheAnswer() {
    FinalAnswer answer =
        synthesis(streaming(List.of("I cannot", " decide. ")))
            .aggregate(MC, SPLIT, handedOver::add)
            .block();
    assertThat(answer.text()).isEqualTo("I cannot decide.");
    assertThat(answer.extracted()).isEqualTo("B");
    assertThat(answer.method()).isEqualTo(Method.MAJORITY_VOTE);
    assertThat(answer.fallback()).isEqualTo(Fallback.UNREADABLE_AGGREGATOR_OUTPUT);
  }

  @Test
  void llmSynthesisStreamed_failsAfterAPiece_whatWasWrittenStands() {
    FinalAnswer answer =
        synthesis(
                failingAfter(
                    List.of("The answer is (A)", " becau"), new IllegalStateException("x")))
            .aggregate(MC, SPLIT, handedOver::add)
            .block();
    assertThat(answer.text()).isEqualTo("The answer is (A) becau");
    assertThat(answer.extracted()).isEqualTo("A");
    assertThat(answer.method()).isEqualTo(Method.LLM_SYNTHESIS);
  }

  @Test
  void llmSynthesisStreamed_failsBeforeAnythingVisible_errorSignalled() {
    StepVerifier.create(
            synthesis(
                    failingAfter(
                        List.of(" ", "\n"), new IllegalStateException("model 'agg' is gone")))
                .aggregate(MC, SPLIT, handedOver::add))
        .expectErrorMessage("model 'agg' is gone")
        .verify();
  }

  @Test
  void skipWhenAllAgreeStreamed_disagreement_delegateStreams() {
    FinalAnswer answer =
        AggregationStrategy.skipWhenAllAgree(
                STRICT, synthesis(streaming(List.of("The answer", " is (A)"))))
            .aggregate(MC, SPLIT, handedOver::add)
            .block();
    assertThat(handedOver).containsExactly("The answer", " is (A)");
    assertThat(answer.extracted()).isEqualTo("A");
  }

  @Test
  void skipWhenAllAgreeStreamed_allAgree_nothingStreamed() {
    FinalAnswer answer =
        AggregationStrategy.skipWhenAllAgree(STRICT, synthesis(streaming(List.of("x"))))
            .aggregate(
                MC,
                Answers.of("m1", "The answer is (B)", "m2", "So (B). The answer is (B)"),
                handedOver::add)
            .block();
    assertThat(answer.method()).isEqualTo(Method.CONSENSUS);
    assertThat(handedOver).isEmpty();
    assertThat(models).isEmpty();
  }

  @Test
  void voteStreamed_defaultHandsOverNothing() {
    FinalAnswer answer =
        AggregationStrategy.majorityVote(STRICT).aggregate(MC, SPLIT, handedOver::add).block();
    assertThat(answer.extracted()).isEqualTo("B");
    assertThat(handedOver).isEmpty();
  }

  @Test
  void generatorStream_default_wholeTextAsOnePiece() {
    StepVerifier.create(answering("all of it").stream("m", CompletionRequest.greedy("p", 4)))
        .expectNext("all of it")
        .verifyComplete();
  }

  /**
   * A generator whose context holds {@code limit} prompt characters, as a char-level zoo model's.
   */
  Generator withContext(int limit, String output) {
    return (model, request) -> {
      requests.add(request);
      if (request.prompt().length() > limit) {
        return Mono.error(
            new io.symposium.pool.ContextLengthExceededException(
                "the prompt has " + request.prompt().length() + " tokens"));
      }
      return Mono.just(
          new Completion(model, output, 10, 5, Completion.FinishReason.STOP, Duration.ofMillis(3)));
    };
  }

  @Test
  void llmSynthesis_promptBeyondTheAggregatorsContext_responsesCutUntilItFits() {
    List<ExpertAnswer> longAnswers =
        Answers.of(
            "m1",
            "x".repeat(400) + " The answer is (A)",
            "m2",
            "y".repeat(400) + " The answer is (B)");
    int fullPrompt = AggregationPrompt.detailed().render(MC, longAnswers).length();

    FinalAnswer answer =
        synthesis(withContext(fullPrompt - 300, "The answer is (B)"))
            .aggregate(MC, longAnswers)
            .block();

    assertThat(answer.method()).isEqualTo(Method.LLM_SYNTHESIS);
    assertThat(answer.extracted()).isEqualTo("B");
    assertThat(requests).hasSizeGreaterThan(1);
    String fitted = requests.getLast().prompt();
    assertThat(fitted.length()).isLessThanOrEqualTo(fullPrompt - 300);
    // cut from the front: each response keeps its conclusion
    assertThat(fitted).contains("…").contains("The answer is (A)").contains("The answer is (B)");
  }

  @Test
  void llmSynthesis_promptNeverFits_failsWithContextLengthAfterTheAttempts() {
    List<ExpertAnswer> answers = Answers.of("m1", "The answer is (A)", "m2", "The answer is (B)");

    StepVerifier.create(synthesis(withContext(10, "The answer is (B)")).aggregate(MC, answers))
        .expectError(io.symposium.pool.ContextLengthExceededException.class)
        .verify();
    assertThat(requests).hasSize(1 + 3);
  }
}
