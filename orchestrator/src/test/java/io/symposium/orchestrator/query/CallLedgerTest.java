package io.symposium.orchestrator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.aggregate.Generator;
import io.symposium.orchestrator.query.QueryResult.CallRole;
import io.symposium.orchestrator.query.QueryResult.ModelCall;
import io.symposium.pool.ChatPrompt;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.StreamEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** How one query's calls see its conversation, and what the ledger records of them. */
final class CallLedgerTest {

  static final List<ChatPrompt.Message> CONVERSATION =
      List.of(
          new ChatPrompt.Message("system", "Be brief."),
          new ChatPrompt.Message("user", "What is 2+2?"),
          new ChatPrompt.Message("assistant", "4"),
          new ChatPrompt.Message("user", "And times 3?"),
          new ChatPrompt.Message("assistant", "12"));

  final List<String> prompts = new CopyOnWriteArrayList<>();
  final List<CompletionRequest> requests = new CopyOnWriteArrayList<>();

  /** A model whose context holds prompts of at most {@code limit} characters. */
  Generator contextOf(int limit) {
    return new Generator() {
      @Override
      public Mono<Completion> generate(String model, CompletionRequest request) {
        prompts.add(request.prompt());
        requests.add(request);
        return request.prompt().length() > limit
            ? Mono.error(new ContextLengthExceededException("prompt too long for " + model))
            : Mono.just(
                new Completion(
                    model, " ok", 11, 1, Completion.FinishReason.STOP, Duration.ofMillis(1)));
      }

      @Override
      public Flux<String> stream(String model, CompletionRequest request) {
        prompts.add(request.prompt());
        return request.prompt().length() > limit
            ? Flux.error(new ContextLengthExceededException("prompt too long for " + model))
            : Flux.just(" o", "k");
      }
    };
  }

  static CompletionRequest question() {
    return CompletionRequest.greedy("Question: Minus 5?\nAnswer:", 8);
  }

  @Test
  void generate_conversationFits_wholeTranscriptBeforeThePromptExactCounts() {
    CallLedger ledger = new CallLedger(CONVERSATION);

    ledger.counting(contextOf(10_000), CallRole.EXPERT).generate("a", question()).block();

    assertThat(prompts)
        .containsExactly(
            "System: Be brief.\nQuestion: What is 2+2?\nAnswer: 4\nQuestion: And times 3?\n"
                + "Answer: 12\nQuestion: Minus 5?\nAnswer:");
    assertThat(ledger.usage().calls())
        .containsExactly(new ModelCall("a", CallRole.EXPERT, 11, 1, true, 0));
    assertThat(ledger.usage().earlierTurns()).isEqualTo(5);
  }

  @Test
  void generate_contextTooSmall_oldestTurnsDroppedFirstSystemLast() {
    CallLedger ledger = new CallLedger(CONVERSATION);
    String question = question().prompt();
    // room for the system message, the last answer and the question, not more
    int limit = ("System: Be brief.\nAnswer: 12\n" + question).length();

    ledger.counting(contextOf(limit), CallRole.AGGREGATOR).generate("agg", question()).block();

    assertThat(prompts.getLast()).isEqualTo("System: Be brief.\nAnswer: 12\n" + question);
    assertThat(prompts).hasSize(4); // 0, 1, 2 and 3 turns dropped
    assertThat(ledger.usage().calls().getFirst().turnsDropped()).isEqualTo(3);
    assertThat(ledger.usage().mostTurnsDropped()).isEqualTo(3);
  }

  @Test
  void generate_questionAloneTooLong_failsAfterDroppingEveryTurnAndRecordsNothing() {
    CallLedger ledger = new CallLedger(CONVERSATION);

    assertThatThrownBy(
            () -> ledger.counting(contextOf(5), CallRole.EXPERT).generate("a", question()).block())
        .isInstanceOf(ContextLengthExceededException.class);
    assertThat(prompts).hasSize(CONVERSATION.size() + 1).last().isEqualTo(question().prompt());
    assertThat(ledger.usage().calls()).isEmpty();
  }

  @Test
  void stream_contextTooSmall_retriedBeforeAnyPieceCountedAsPiecesPromptUncounted() {
    CallLedger ledger = new CallLedger(CONVERSATION);

    List<String> pieces =
        ledger.counting(contextOf(question().prompt().length()), CallRole.EXPERT).stream(
                "a", question())
            .collectList()
            .block();

    assertThat(pieces).containsExactly(" o", "k");
    assertThat(ledger.usage().calls())
        .containsExactly(new ModelCall("a", CallRole.EXPERT, 0, 2, false, 5));
  }

  @Test
  void stream_generatorThatCountsItsStream_recordsTheEnginesCountsAndNoEndPiece() {
    CallLedger ledger = new CallLedger(List.of());
    Generator counting =
        new Generator() {
          @Override
          public Mono<Completion> generate(String model, CompletionRequest request) {
            return Mono.error(new AssertionError("a stream was asked for"));
          }

          @Override
          public Flux<StreamEvent> streamEvents(String model, CompletionRequest request) {
            return Flux.just(
                new StreamEvent.Piece(" o"),
                new StreamEvent.Piece("k"),
                new StreamEvent.End(23, 2, true));
          }
        };

    List<String> pieces =
        ledger.counting(counting, CallRole.AGGREGATOR).stream("a", question())
            .collectList()
            .block();

    assertThat(pieces).containsExactly(" o", "k");
    assertThat(ledger.usage().calls())
        .containsExactly(new ModelCall("a", CallRole.AGGREGATOR, 23, 2, true, 0));
    assertThat(ledger.usage().promptsCounted()).isTrue();
  }

  @Test
  void generate_noConversation_promptUnchanged() {
    CallLedger ledger = new CallLedger(List.of());

    ledger.counting(contextOf(100), CallRole.EXPERT).generate("a", question()).block();

    assertThat(prompts).containsExactly(question().prompt());
    assertThat(ledger.usage().earlierTurns()).isZero();
  }

  @Test
  void generate_chatShapedCall_earlierTurnsGoBeforeItsTurnAsMessagesToo() {
    CallLedger ledger = new CallLedger(CONVERSATION);

    ledger
        .counting(contextOf(10_000), CallRole.EXPERT)
        .generate("a", question().asUserTurn())
        .block();

    assertThat(requests.getFirst().messages())
        .containsExactlyElementsOf(
            java.util.stream.Stream.concat(
                    CONVERSATION.stream(),
                    java.util.stream.Stream.of(new ChatPrompt.Message("user", question().prompt())))
                .toList());
    // a model without a template still reads the plain transcript
    assertThat(prompts.getFirst()).endsWith("Answer: 12\nQuestion: Minus 5?\nAnswer:");
  }
}
