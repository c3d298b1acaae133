package io.symposium.evals.run;

import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.Question;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.ModelPool;
import io.symposium.profile.ProfilingPrompts;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Generates every distinct expert answer the methods asked for, one model after another (all of
 * model A's questions, then B's …), so each model is loaded once whatever the memory budget.
 */
final class ExpertPhase {
  /** Requests queued at a time: enough to keep every parallel slot of a model busy. */
  static final int IN_FLIGHT = 64;

  private final ModelPool pool;
  private final ProfilingPrompts prompts = ProfilingPrompts.compact();
  private final AnswerExtractor extractor;
  private final int maxTokens;

  ExpertPhase(ModelPool pool, AnswerExtractor extractor, int maxTokens) {
    this.pool = pool;
    this.extractor = extractor;
    this.maxTokens = maxTokens;
  }

  Map<AnswerKey, ExpertReply> run(
      Collection<AnswerKey> keys,
      List<String> modelOrder,
      Map<Integer, EvalItem> items,
      ProgressListener progress) {
    Map<String, List<AnswerKey>> byModel = new LinkedHashMap<>();
    modelOrder.forEach(m -> byModel.put(m, new java.util.ArrayList<>()));
    keys.stream()
        .distinct()
        .forEach(k -> byModel.computeIfAbsent(k.model(), m -> new java.util.ArrayList<>()).add(k));
    Map<AnswerKey, ExpertReply> replies = new ConcurrentHashMap<>();
    int total = (int) keys.stream().distinct().count();
    AtomicInteger done = new AtomicInteger();
    progress.progress("answers", 0, total);
    for (var model : byModel.entrySet()) {
      if (model.getValue().isEmpty()) continue;
      Flux.fromIterable(model.getValue())
          .flatMap(k -> call(k, Objects.requireNonNull(items.get(k.item()))), IN_FLIGHT)
          .doOnNext(
              r -> {
                replies.put(r.key(), r);
                progress.progress("answers", done.incrementAndGet(), total);
              })
          .then()
          .block();
    }
    return replies;
  }

  private Mono<ExpertReply> call(AnswerKey key, EvalItem item) {
    Question question = item.asQuestion();
    CompletionRequest request =
        CompletionRequest.greedy(prompts.expert(question), maxTokens)
            .withSampling(key.temperature(), key.seed())
            .withStop(prompts.expertStops());
    long start = System.nanoTime();
    return Mono.defer(() -> pool.generate(key.model(), request))
        .map((Completion c) -> answered(key, question, c))
        .onErrorResume(e -> Mono.just(failed(key, e, start)));
  }

  private ExpertReply answered(AnswerKey key, Question question, Completion c) {
    String text = c.text().strip();
    return new ExpertReply(
        key,
        ExpertReply.Status.ANSWERED,
        text,
        extractor.extract(question, c.text()).orElse(null),
        c.promptTokens(),
        c.completionTokens(),
        c.latency().toMillis(),
        null);
  }

  static ExpertReply failed(AnswerKey key, Throwable e, long start) {
    return new ExpertReply(
        key,
        e instanceof ContextLengthExceededException
            ? ExpertReply.Status.UNANSWERABLE
            : ExpertReply.Status.FAILED,
        null,
        null,
        0,
        0,
        (System.nanoTime() - start) / 1_000_000,
        String.valueOf(e.getMessage()));
  }
}
