package io.symposium.profile;

import io.symposium.aggregate.Generator;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * A generator that answers from a script and records every request, for unit tests of the
 * bookkeeping.
 */
final class ScriptedGenerator implements Generator {

  /** One request as the generator received it. */
  record Call(String modelId, CompletionRequest request) {}

  private final BiFunction<String, CompletionRequest, String> script;
  final List<Call> calls = new CopyOnWriteArrayList<>();

  ScriptedGenerator(BiFunction<String, CompletionRequest, String> script) {
    this.script = script;
  }

  @Override
  public Mono<Completion> generate(String modelId, CompletionRequest request) {
    return Mono.fromCallable(
        () -> {
          calls.add(new Call(modelId, request));
          return new Completion(
              modelId,
              script.apply(modelId, request),
              1,
              1,
              Completion.FinishReason.STOP,
              Duration.ZERO);
        });
  }

  List<Call> callsTo(String modelId) {
    return calls.stream().filter(c -> c.modelId().equals(modelId)).toList();
  }
}
