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

  // one token a character, as the zoo's tokenizer: a script longer than the limit is cut there
  private final boolean cutAtTheLimit;

  ScriptedGenerator(BiFunction<String, CompletionRequest, String> script) {
    this(script, false);
  }

  private ScriptedGenerator(
      BiFunction<String, CompletionRequest, String> script, boolean cutAtTheLimit) {
    this.script = script;
    this.cutAtTheLimit = cutAtTheLimit;
  }

  /** A generator that cuts each answer at the request's max tokens, one token a character. */
  static ScriptedGenerator cutAtTheLimit(BiFunction<String, CompletionRequest, String> script) {
    return new ScriptedGenerator(script, true);
  }

  @Override
  public Mono<Completion> generate(String modelId, CompletionRequest request) {
    return Mono.fromCallable(
        () -> {
          calls.add(new Call(modelId, request));
          String text = script.apply(modelId, request);
          Integer limit = request.maxTokens();
          boolean cut = cutAtTheLimit && limit != null && text.length() > limit;
          return new Completion(
              modelId,
              cut ? text.substring(0, limit) : text,
              1,
              1,
              cut ? Completion.FinishReason.LENGTH : Completion.FinishReason.STOP,
              Duration.ZERO);
        });
  }

  List<Call> callsTo(String modelId) {
    return calls.stream().filter(c -> c.modelId().equals(modelId)).toList();
  }
}
