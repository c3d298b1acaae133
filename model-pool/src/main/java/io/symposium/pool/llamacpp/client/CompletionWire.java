package io.symposium.pool.llamacpp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.StreamEvent;
import io.symposium.pool.llamacpp.protocol.WorkerProtocol;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;

/**
 * The service's side of a worker's {@code /v1/completions} protocol (OpenAI's completions format):
 * the request body it sends, and the answer and event stream it reads back.
 */
final class CompletionWire {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CompletionWire() {}

  /** The {@code /v1/completions} request body for the worker instance {@code instanceId}. */
  static ObjectNode body(String instanceId, CompletionRequest request) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("model", instanceId)
            .put("prompt", request.prompt())
            .put("temperature", request.temperature())
            .put("top_p", request.topP())
            .put("top_k", request.topK())
            .put("seed", request.seed());
    if (request.maxTokens() != null) {
      body.put("max_tokens", request.maxTokens());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      request.stop().forEach(stop::add);
    }
    return body;
  }

  /**
   * The text pieces of a {@code /v1/completions} event stream and the token counts its last chunk
   * carries, or the error the worker answered with.
   */
  static Flux<StreamEvent> events(HttpResponse<Stream<String>> response) {
    if (response.statusCode() >= 400) {
      String body;
      try (Stream<String> lines = response.body()) {
        body = lines.collect(Collectors.joining("\n"));
      }
      return Flux.error(
          new WorkerResponseException(
              response.statusCode(), errorCode(body), errorMessage(body, response.statusCode())));
    }
    return Flux.using(response::body, lines -> Flux.fromStream(lines), Stream::close)
        .filter(line -> line.startsWith("data: "))
        .map(line -> line.substring("data: ".length()))
        .takeWhile(data -> !data.equals("[DONE]"))
        .handle(
            (data, sink) -> {
              JsonNode event;
              try {
                event = JSON.readTree(data);
              } catch (IOException e) {
                sink.error(
                    new WorkerResponseException(
                        502, "the worker sent an event that is not JSON: " + data));
                return;
              }
              if (event.has("error")) {
                JsonNode error = event.get("error");
                String code = error.path("code").asText("");
                sink.error(
                    new WorkerResponseException(
                        error.path("retriable").asBoolean()
                            ? 503
                            : code.equals(WorkerProtocol.CONTEXT_LENGTH_EXCEEDED) ? 400 : 422,
                        code,
                        error.path("message").asText("worker error")));
                return;
              }
              String text = event.path("choices").path(0).path("text").asText("");
              if (!text.isEmpty()) {
                sink.next(new StreamEvent.Piece(text));
              }
              JsonNode usage = event.path("usage");
              if (usage.isObject()) {
                sink.next(
                    new StreamEvent.End(
                        Math.max(0, usage.path("prompt_tokens").asInt()),
                        Math.max(0, usage.path("completion_tokens").asInt()),
                        true));
              }
            });
  }

  private static String errorCode(String body) {
    try {
      return JSON.readTree(body).path("error").path("code").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private static String errorMessage(String body, int status) {
    try {
      return JSON.readTree(body).path("error").path("message").asText("worker error " + status);
    } catch (IOException e) {
      return "worker error " + status + ": " + body;
    }
  }

  /** A non-streamed answer as the pool's completion. */
  static Completion completion(ModelSpec spec, JsonNode answer, Duration took) {
    JsonNode choice = answer.path("choices").path(0);
    JsonNode usage = answer.path("usage");
    return new Completion(
        spec.id(),
        choice.path("text").asText(""),
        Math.max(0, usage.path("prompt_tokens").asInt()),
        Math.max(0, usage.path("completion_tokens").asInt()),
        Completion.FinishReason.fromOpenAi(choice.path("finish_reason").asText("stop")),
        took);
  }
}
