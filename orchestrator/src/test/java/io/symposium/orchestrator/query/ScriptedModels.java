package io.symposium.orchestrator.query;

import io.symposium.aggregate.Generator;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A generator whose models answer from a script: pieces of text, possibly followed by a failure,
 * possibly after a delay. It records every call, and whether it was streamed.
 */
final class ScriptedModels implements Generator {

  /** One call as the pipeline made it. */
  record Call(String model, CompletionRequest request, boolean streamed) {}

  /** What a model answers: {@code pieces}, then {@code failure} when it is set. */
  record Script(List<String> pieces, @Nullable RuntimeException failure, Duration delay) {

    static Script answers(String... pieces) {
      return new Script(List.of(pieces), null, Duration.ZERO);
    }

    static Script fails(RuntimeException failure) {
      return new Script(List.of(), failure, Duration.ZERO);
    }

    static Script failsAfter(RuntimeException failure, String... pieces) {
      return new Script(List.of(pieces), failure, Duration.ZERO);
    }

    Script after(Duration wait) {
      return new Script(pieces, failure, wait);
    }

    Flux<String> play() {
      Flux<String> text = Flux.fromIterable(pieces);
      if (failure != null) {
        text = text.concatWith(Mono.error(failure));
      }
      return delay.isZero() ? text : Mono.delay(delay).thenMany(text);
    }
  }

  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

  ScriptedModels script(String model, Script script) {
    scripts.put(model, script);
    return this;
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<String> calledModels() {
    return calls().stream().map(Call::model).toList();
  }

  @Override
  public Mono<Completion> generate(String modelId, CompletionRequest request) {
    return Mono.defer(
        () -> {
          calls.add(new Call(modelId, request, false));
          return script(modelId)
              .play()
              .collectList()
              .map(
                  pieces ->
                      new Completion(
                          modelId,
                          String.join("", pieces),
                          7,
                          pieces.size(),
                          Completion.FinishReason.STOP,
                          Duration.ofMillis(1)));
        });
  }

  @Override
  public Flux<String> stream(String modelId, CompletionRequest request) {
    return Flux.defer(
        () -> {
          calls.add(new Call(modelId, request, true));
          return script(modelId).play();
        });
  }

  private Script script(String model) {
    Script script = scripts.get(model);
    if (script == null) {
      throw new AssertionError("the pipeline called model '" + model + "', which has no script");
    }
    return script;
  }
}
