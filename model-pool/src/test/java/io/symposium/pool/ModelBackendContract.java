package io.symposium.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * What every {@link ModelBackend} must do, run against a real engine or server (STYLE.md rule 20).
 * A subclass provides the backend, a model it can load, a model it must refuse, and a backend whose
 * engine or server is down.
 */
abstract class ModelBackendContract {

  /** Longest a call to a tiny fixture model, or a call to a server that is down, may take. */
  static final Duration QUICK = Duration.ofSeconds(30);

  static final String PROMPT = "Question: what is 2+2?\nAnswer:";

  /** The backend under test, shared by the tests of a class. */
  abstract ModelBackend backend();

  /** A model that {@link #backend()} can load and serve. */
  abstract ModelSpec model();

  /**
   * A model that {@link #backend()} must refuse to load: a corrupt file, a name the server does not
   * know.
   */
  abstract ModelSpec unloadableModel();

  /** A backend whose engine or server is down. */
  abstract ModelBackend downBackend();

  /** A model for {@link #downBackend()}. */
  abstract ModelSpec modelOnDownBackend();

  /** Generations the engine behind {@link #backend()} is running now. */
  abstract int generationsInFlight();

  @BeforeEach
  void loadModel() {
    backend().load(model());
  }

  @Test
  void complete_loadedModel_nonEmptyTextWithTokenCounts() {
    Completion completion =
        backend().complete(model(), CompletionRequest.greedy(PROMPT, 12)).join();

    assertThat(completion.modelId()).isEqualTo(model().id());
    assertThat(completion.text()).isNotEmpty();
    assertThat(completion.promptTokens()).isPositive();
    assertThat(completion.completionTokens()).isBetween(1, 12);
    assertThat(completion.finishReason())
        .isIn(Completion.FinishReason.STOP, Completion.FinishReason.LENGTH);
    assertThat(completion.latency()).isPositive();
  }

  @Test
  void complete_sameGreedyRequestTwice_sameText() {
    String first = backend().complete(model(), CompletionRequest.greedy(PROMPT, 16)).join().text();
    String second = backend().complete(model(), CompletionRequest.greedy(PROMPT, 16)).join().text();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void complete_maxTokensReached_finishReasonLength() {
    Completion completion =
        backend().complete(model(), CompletionRequest.greedy("Count: 1 2 3", 3)).join();

    assertThat(completion.completionTokens()).isLessThanOrEqualTo(3);
    if (completion.completionTokens() == 3) {
      assertThat(completion.finishReason()).isEqualTo(Completion.FinishReason.LENGTH);
    }
  }

  @Test
  void stream_greedy_piecesConcatenateToTheCompletedText() {
    CompletionRequest request = CompletionRequest.greedy(PROMPT, 16);
    String whole = backend().complete(model(), request).join().text();

    List<String> pieces = texts(backend().stream(model(), request)).collectList().block(QUICK);

    assertThat(pieces).isNotEmpty();
    assertThat(String.join("", pieces)).isEqualTo(whole);
  }

  @Test
  void stream_greedy_endsWithTheEnginesCountsOfTheCompletion() {
    CompletionRequest request = CompletionRequest.greedy(PROMPT, 16);
    Completion whole = backend().complete(model(), request).join();

    List<StreamEvent> events = backend().stream(model(), request).collectList().block(QUICK);

    // the counts come once, last, and are the ones the whole completion reports
    assertThat(events).isNotNull().last().isInstanceOf(StreamEvent.End.class);
    assertThat(events.stream().filter(StreamEvent.End.class::isInstance)).hasSize(1);
    assertThat(events.getLast())
        .isEqualTo(new StreamEvent.End(whole.promptTokens(), whole.completionTokens(), true));
  }

  static Flux<String> texts(Flux<StreamEvent> events) {
    return events.ofType(StreamEvent.Piece.class).map(StreamEvent.Piece::text);
  }

  @Test
  void stream_cancelledAfterThreePieces_engineStopsAndServesTheNextRequest() {
    AtomicInteger seen = new AtomicInteger();
    List<String> pieces =
        texts(backend().stream(model(), CompletionRequest.greedy("Cancel me", 200)))
            .doOnNext(p -> seen.incrementAndGet())
            .take(3)
            .collectList()
            .block(QUICK);

    assertThat(pieces).hasSize(3);
    // the engine notices the closed stream at its next write; poll its count instead of sleeping
    Integer idle =
        Flux.interval(Duration.ofMillis(20))
            .map(i -> generationsInFlight())
            .filter(n -> n == 0)
            .blockFirst(QUICK);
    assertThat(idle).isZero();
    assertThat(seen).hasValue(3);
    assertThat(
            backend()
                .complete(model(), CompletionRequest.greedy(PROMPT, 4))
                .join()
                .completionTokens())
        .isPositive();
  }

  @Test
  void complete_promptLongerThanTheContext_rejectedAsNotRetriable() {
    CompletionRequest tooLong = CompletionRequest.greedy("x ".repeat(4 * model().contextSize()), 4);

    assertThatThrownBy(() -> backend().complete(model(), tooLong).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfAny(ContextLengthExceededException.class, ModelRejectedException.class)
        .satisfies(e -> assertThat(((PoolException) e).retriable()).isFalse());
  }

  @Test
  void complete_noMaxTokens_answersWithinTheContext() {
    Completion completion =
        backend().complete(model(), CompletionRequest.greedy(PROMPT, null)).join();

    assertThat(completion.completionTokens()).isPositive();
    assertThat(completion.promptTokens() + completion.completionTokens())
        .isLessThanOrEqualTo(model().contextSize());
  }

  @Test
  void load_unloadableModel_modelRejectedNamingIt() {
    ModelSpec bad = unloadableModel();

    assertThatThrownBy(() -> backend().load(bad))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining(bad.id());
  }

  @Test
  void load_engineOrServerDown_backendUnavailableQuickly() {
    ModelBackend down = downBackend();

    Throwable failure =
        assertTimeoutPreemptively(QUICK, () -> catchFailure(() -> down.load(modelOnDownBackend())));

    assertThat(failure).isInstanceOf(BackendUnavailableException.class);
    assertThat(((PoolException) failure).retriable()).isTrue();
  }

  static Throwable catchFailure(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
    throw new AssertionError("expected a failure, but the call succeeded");
  }
}
