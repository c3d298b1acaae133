package io.symposium.orchestrator.openaicompat;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The facade's event streams as OpenAI frames them: the chunks as {@code data:} events, then {@code
 * [DONE]}. Nothing goes out before the first chunk, so a failure before anything was generated is
 * still an HTTP error with its status and error body; a later one is an error event in OpenAI's
 * shape, and no {@code [DONE]}.
 */
final class EventStreams {

  private EventStreams() {}

  /**
   * @param opening sent once the first chunk is there (the chat stream's role chunk), or null
   */
  static Flux<ServerSentEvent<String>> of(
      JsonMapper json, Flux<?> chunks, @Nullable Object opening) {
    List<Object> first = opening == null ? List.of() : List.of(opening);
    return chunks.switchOnFirst(
        (signal, all) ->
            signal.isOnError()
                ? all.map(c -> event(json, c))
                : Flux.fromIterable(first)
                    .concatWith(all)
                    .map(c -> event(json, c))
                    .concatWith(Flux.just(ServerSentEvent.builder("[DONE]").build()))
                    .onErrorResume(e -> Mono.just(event(json, OpenAiErrors.event(e)))));
  }

  private static ServerSentEvent<String> event(JsonMapper json, Object data) {
    return ServerSentEvent.builder(json.writeValueAsString(data)).build();
  }
}
