package io.symposium.orchestrator.openaicompat;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.pool.ChatPrompt;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelStatus;
import io.symposium.pool.StreamEvent;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/models} and {@code /v1/chat/completions} in the OpenAI wire format. A request for an
 * expert's id goes straight to that expert through the pool's scheduler (so it batches with routed
 * work); the model {@value #ROUTED_MODEL} is answered by the full routing pipeline, streamed as the
 * pipeline reports the final answer's pieces.
 */
@RestController
public class OpenAiController {

  static final String ROUTED_MODEL = "symposium";

  /** The routed model's query id, for {@code GET /v1/queries/{id}}. */
  static final String QUERY_ID_HEADER = "x-symposium-query-id";

  private final ModelPool pool;
  private final RoutedChat routed;
  private final JsonMapper json;

  public OpenAiController(ModelPool pool, RoutedChat routed, JsonMapper json) {
    this.pool = pool;
    this.routed = routed;
    this.json = json;
  }

  /** The OpenAI model list. */
  public record ModelList(String object, List<ModelEntry> data) {}

  /** One entry of the model list. */
  public record ModelEntry(String id, String object, long created, String owned_by) {}

  @GetMapping("/v1/models")
  Mono<ModelList> models() {
    return Mono.fromSupplier(
        () -> {
          long now = Instant.now().getEpochSecond();
          List<ModelEntry> data = new ArrayList<>();
          data.add(new ModelEntry(ROUTED_MODEL, "model", now, "symposium"));
          for (ModelStatus status : pool.models()) {
            data.add(
                new ModelEntry(status.spec().id(), "model", now, status.spec().backend().id()));
          }
          return new ModelList("list", data);
        });
  }

  /** One model of the list, as OpenAI's {@code GET /v1/models/{model}}. */
  @GetMapping("/v1/models/{id}")
  Mono<ModelEntry> model(@PathVariable String id) {
    return models()
        .flatMapIterable(ModelList::data)
        .filter(entry -> entry.id().equals(id))
        .next()
        .switchIfEmpty(Mono.error(() -> unknownModel(id)));
  }

  @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<?>> chat(@Valid @RequestBody ChatCompletionRequest request) {
    CompletionRequest completion = toCompletionRequest(request);
    String model = request.validModel();
    long created = Instant.now().getEpochSecond();
    if (ROUTED_MODEL.equals(model)) {
      return routed(request, completion, created);
    }
    if (pool.spec(model).isEmpty()) {
      throw unknownModel(model);
    }
    if (request.symposium() != null && request.symposium().routes()) {
      // a direct call has no routing to tune: silently ignoring the knobs would mislead
      throw new ApiProblemException(
          ProblemType.INVALID_REQUEST,
          "symposium.routing_top_p, deterministic and max_expert_calls tune routing and apply to"
              + " the model '"
              + ROUTED_MODEL
              + "' only; a direct call takes symposium.active_experts alone.",
          Map.of("error", Map.of("param", "symposium")));
    }
    String id = "chatcmpl-" + UUID.randomUUID();
    if (request.streaming()) {
      // the pool's stream ends with the engine's counts, which the usage chunk reports
      AtomicReference<StreamEvent.End> end =
          new AtomicReference<>(new StreamEvent.End(0, 0, false));
      Flux<ChatCompletion> chunks =
          pool.streamEvents(model, completion)
              .<ChatCompletion>handle(
                  (event, sink) -> {
                    switch (event) {
                      case StreamEvent.Piece piece ->
                          sink.next(chunk(id, created, model, piece.text(), null, null));
                      case StreamEvent.End counts -> end.set(counts);
                    }
                  })
              .concatWith(Mono.fromSupplier(() -> chunk(id, created, model, null, "stop", null)))
              .concatWith(
                  request.includeUsage()
                      ? Mono.fromSupplier(
                          () ->
                              usageChunk(
                                  id,
                                  created,
                                  model,
                                  usage(end.get().promptTokens(), end.get().completionTokens())))
                      : Mono.empty())
              .onErrorMap(
                  ContextLengthExceededException.class,
                  e -> OpenAiErrors.contextLength(e, "messages"));
      return Mono.just(stream(ResponseEntity.ok(), chunks, id, created, model));
    }
    return pool.generate(model, completion)
        .<ResponseEntity<?>>map(
            c ->
                ResponseEntity.ok(
                    whole(
                        id,
                        created,
                        model,
                        c.text().strip(),
                        c.finishReason(),
                        usage(c.promptTokens(), c.completionTokens()),
                        null)))
        .onErrorMap(
            ContextLengthExceededException.class, e -> OpenAiErrors.contextLength(e, "messages"));
  }

  /**
   * The routed model, run and logged as a query whose id is the completion's id (after {@code
   * chatcmpl-}) and the header {@value #QUERY_ID_HEADER}; the last chunk, or the completion,
   * carries the routing trace as {@code symposium}.
   */
  private Mono<ResponseEntity<?>> routed(
      ChatCompletionRequest request, CompletionRequest completion, long created) {
    RoutedChat.RoutedAnswer answer =
        routed.answer(
            conversation(request),
            completion,
            request.streaming() ? RoutedChat.Delivery.STREAMED : RoutedChat.Delivery.WHOLE,
            OpenAiErrors::of);
    String id = "chatcmpl-" + answer.queryId();
    ResponseEntity.BodyBuilder ok =
        ResponseEntity.ok().header(QUERY_ID_HEADER, answer.queryId().toString());
    if (request.streaming()) {
      Flux<ChatCompletion> chunks =
          answer
              .parts()
              .concatMapIterable(
                  part ->
                      switch (part) {
                        case RoutedChat.Part.Text text ->
                            List.of(chunk(id, created, ROUTED_MODEL, text.text(), null, null));
                        case RoutedChat.Part.Finished end ->
                            request.includeUsage()
                                ? List.of(
                                    chunk(id, created, ROUTED_MODEL, null, "stop", end.trace()),
                                    usageChunk(id, created, ROUTED_MODEL, usage(end.trace())))
                                : List.of(
                                    chunk(id, created, ROUTED_MODEL, null, "stop", end.trace()));
                      });
      return Mono.just(stream(ok, chunks, id, created, ROUTED_MODEL));
    }
    return answer
        .parts()
        .ofType(RoutedChat.Part.Finished.class)
        .last()
        .map(
            end ->
                ok.body(
                    whole(
                        id,
                        created,
                        ROUTED_MODEL,
                        end.answer(),
                        Completion.FinishReason.STOP,
                        usage(end.trace()),
                        end.trace())));
  }

  /** The chunks as OpenAI streams them: the role, the content, the finish, {@code [DONE]}. */
  private ResponseEntity<?> stream(
      ResponseEntity.BodyBuilder ok,
      Flux<ChatCompletion> chunks,
      String id,
      long created,
      String model) {
    ChatCompletion opening =
        new ChatCompletion(
            id,
            "chat.completion.chunk",
            created,
            model,
            List.of(
                new ChatCompletion.Choice(
                    0, null, new ChatCompletion.Message("assistant", ""), null)),
            null,
            null);
    return ok.contentType(MediaType.TEXT_EVENT_STREAM).body(EventStreams.of(json, chunks, opening));
  }

  private static ChatCompletion chunk(
      String id,
      long created,
      String model,
      @Nullable String piece,
      @Nullable String finish,
      RoutedChat.@Nullable Trace trace) {
    return new ChatCompletion(
        id,
        "chat.completion.chunk",
        created,
        model,
        List.of(
            new ChatCompletion.Choice(0, null, new ChatCompletion.Message(null, piece), finish)),
        null,
        trace);
  }

  static ChatCompletion whole(
      String id,
      long created,
      String model,
      String text,
      Completion.FinishReason reason,
      ChatCompletion.Usage usage,
      RoutedChat.@Nullable Trace trace) {
    String finish = reason == Completion.FinishReason.LENGTH ? "length" : "stop";
    return new ChatCompletion(
        id,
        "chat.completion",
        created,
        model,
        List.of(
            new ChatCompletion.Choice(
                0, new ChatCompletion.Message("assistant", text), null, finish)),
        usage,
        trace);
  }

  /** OpenAI's last chunk with {@code stream_options.include_usage}: no choices, the usage. */
  private static ChatCompletion usageChunk(
      String id, long created, String model, ChatCompletion.Usage usage) {
    return new ChatCompletion(id, "chat.completion.chunk", created, model, List.of(), usage, null);
  }

  static ChatCompletion.Usage usage(int promptTokens, int completionTokens) {
    return new ChatCompletion.Usage(
        promptTokens, completionTokens, promptTokens + completionTokens);
  }

  /** A routed answer's usage: every call it took, summed. */
  static ChatCompletion.Usage usage(RoutedChat.Trace trace) {
    return usage(trace.usage().promptTokens(), trace.usage().completionTokens());
  }

  static CompletionRequest toCompletionRequest(ChatCompletionRequest request) {
    try {
      List<ChatPrompt.Message> messages =
          request.validMessages().stream()
              .map(m -> new ChatPrompt.Message(m.validRole(), m.validContent()))
              .toList();
      List<String> stop = ChatPrompt.withTurnStops(request.stopStrings());
      double temperature = request.temperature() == null ? 0 : request.temperature();
      // no max_tokens (what most clients send): the answer may use what the context leaves
      CompletionRequest completion =
          CompletionRequest.chat(messages, ChatPrompt.render(messages), request.tokenLimit())
              .withStop(stop)
              .withSampling(temperature, request.seed() == null ? 0 : request.seed())
              .withActiveExperts(request.activeExperts());
      if (request.topP() != null && temperature > 0) {
        completion = completion.withTopP(request.topP());
      }
      return completion;
    } catch (IllegalArgumentException e) {
      throw new ApiProblemException(ProblemType.INVALID_REQUEST, ApiProblemException.detailOf(e));
    }
  }

  static ApiProblemException unknownModel(String model) {
    return new ApiProblemException(
        ProblemType.UNKNOWN_MODEL,
        "The model '"
            + model
            + "' does not exist; GET /v1/models lists them, and '"
            + ROUTED_MODEL
            + "' routes to the best experts.",
        Map.of("model", model));
  }

  /**
   * The routed model's question, its last user message, which is routed; the messages before it go
   * to the experts and the aggregator as the conversation so far. Messages after it (an assistant
   * prefill) have no place in a routed answer, so they are refused rather than lost.
   */
  static RoutedChat.Conversation conversation(ChatCompletionRequest request) {
    List<ChatCompletionRequest.Message> messages = request.validMessages();
    int last = -1;
    for (int i = 0; i < messages.size(); i++) {
      if ("user".equalsIgnoreCase(messages.get(i).validRole())) {
        last = i;
      }
    }
    if (last < 0) {
      throw invalidMessages("The routed model needs at least one user message: the question.");
    }
    if (last < messages.size() - 1) {
      throw invalidMessages(
          "The routed model answers the last user message; it takes no messages after it (got '"
              + messages.getLast().validRole()
              + "' last).");
    }
    List<ChatPrompt.Message> earlier =
        messages.subList(0, last).stream()
            .map(m -> new ChatPrompt.Message(m.validRole(), m.validContent()))
            .toList();
    return new RoutedChat.Conversation(messages.get(last).validContent(), earlier, request.knobs());
  }

  private static ApiProblemException invalidMessages(String detail) {
    return new ApiProblemException(
        ProblemType.INVALID_REQUEST, detail, Map.of("error", Map.of("param", "messages")));
  }
}
