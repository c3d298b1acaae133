package io.symposium.orchestrator.openaicompat;

import static io.symposium.orchestrator.openaicompat.OpenAiController.QUERY_ID_HEADER;
import static io.symposium.orchestrator.openaicompat.OpenAiController.ROUTED_MODEL;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ContextLengthExceededException;
import io.symposium.pool.ModelPool;
import io.symposium.pool.StreamEvent;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/completions}, OpenAI's legacy completions: an expert's id completes the prompt as it
 * is (no chat template, so a harness's few-shot prompt reaches the model unchanged); {@value
 * OpenAiController#ROUTED_MODEL} answers each prompt as a routed question, one logged query each. A
 * batch of prompts gives one choice per prompt, in order; a stream takes one prompt.
 */
@RestController
public class CompletionsController {

  private static final String OBJECT = "text_completion";

  private final ModelPool pool;
  private final RoutedChat routed;
  private final JsonMapper json;

  public CompletionsController(ModelPool pool, RoutedChat routed, JsonMapper json) {
    this.pool = pool;
    this.routed = routed;
    this.json = json;
  }

  @PostMapping(path = "/v1/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<?>> complete(@Valid @RequestBody TextCompletionRequest request) {
    List<String> prompts = request.validPrompts();
    if (request.streaming() && prompts.size() > 1) {
      throw new ApiProblemException(
          ProblemType.INVALID_REQUEST,
          "A stream completes one prompt; send " + prompts.size() + " requests, or no 'stream'.",
          Map.of("error", Map.of("param", "prompt", "code", "invalid_value")));
    }
    String model = request.validModel();
    long created = Instant.now().getEpochSecond();
    if (ROUTED_MODEL.equals(model)) {
      return routed(request, prompts, created);
    }
    if (pool.spec(model).isEmpty()) {
      throw OpenAiController.unknownModel(model);
    }
    String id = "cmpl-" + UUID.randomUUID();
    if (request.streaming()) {
      return Mono.just(direct(request, model, prompts.getFirst(), id, created));
    }
    return Flux.fromIterable(prompts)
        .flatMapSequential(p -> pool.generate(model, limits(request, p)))
        .onErrorMap(ContextLengthExceededException.class, CompletionsController::tooLong)
        .collectList()
        .map(
            completions -> {
              List<TextCompletion.Choice> choices =
                  IntStream.range(0, completions.size())
                      .mapToObj(
                          i -> {
                            Completion c = completions.get(i);
                            return new TextCompletion.Choice(
                                c.text(), i, null, finish(c.finishReason()), null);
                          })
                      .toList();
              ChatCompletion.Usage usage =
                  OpenAiController.usage(
                      completions.stream().mapToInt(Completion::promptTokens).sum(),
                      completions.stream().mapToInt(Completion::completionTokens).sum());
              return ResponseEntity.ok(
                  new TextCompletion(id, OBJECT, created, model, choices, usage, null));
            });
  }

  /** An expert's stream: one chunk per piece, the finish, then the usage if asked for. */
  private ResponseEntity<?> direct(
      TextCompletionRequest request, String model, String prompt, String id, long created) {
    // the pool's stream ends with the engine's counts, which the usage chunk reports
    AtomicReference<StreamEvent.End> end = new AtomicReference<>(new StreamEvent.End(0, 0, false));
    Flux<TextCompletion> chunks =
        pool.streamEvents(model, limits(request, prompt))
            .<TextCompletion>handle(
                (event, sink) -> {
                  switch (event) {
                    case StreamEvent.Piece piece ->
                        sink.next(chunk(id, created, model, piece.text(), null, null));
                    case StreamEvent.End counts -> end.set(counts);
                  }
                })
            .concatWith(Mono.fromSupplier(() -> chunk(id, created, model, "", "stop", null)))
            .concatWith(
                request.includeUsage()
                    ? Mono.fromSupplier(
                        () ->
                            usageChunk(
                                id,
                                created,
                                model,
                                OpenAiController.usage(
                                    end.get().promptTokens(), end.get().completionTokens())))
                    : Mono.empty())
            .onErrorMap(ContextLengthExceededException.class, CompletionsController::tooLong);
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .body(EventStreams.of(json, chunks, null));
  }

  /**
   * The routed model: each prompt its own query; the header {@value
   * OpenAiController#QUERY_ID_HEADER} lists their ids in prompt order.
   */
  private Mono<ResponseEntity<?>> routed(
      TextCompletionRequest request, List<String> prompts, long created) {
    RoutedChat.Delivery delivery =
        request.streaming() ? RoutedChat.Delivery.STREAMED : RoutedChat.Delivery.WHOLE;
    List<RoutedChat.RoutedAnswer> answers =
        prompts.stream()
            .map(
                p ->
                    routed.answer(
                        RoutedChat.Conversation.of(p),
                        limits(request, p),
                        delivery,
                        e -> OpenAiErrors.of(e, "prompt")))
            .toList();
    String id = "cmpl-" + answers.getFirst().queryId();
    ResponseEntity.BodyBuilder ok =
        ResponseEntity.ok()
            .header(
                QUERY_ID_HEADER,
                answers.stream()
                    .map(a -> a.queryId().toString())
                    .collect(Collectors.joining(", ")));
    if (request.streaming()) {
      Flux<TextCompletion> chunks =
          answers
              .getFirst()
              .parts()
              .concatMapIterable(
                  part ->
                      switch (part) {
                        case RoutedChat.Part.Text text ->
                            List.of(chunk(id, created, ROUTED_MODEL, text.text(), null, null));
                        case RoutedChat.Part.Finished end ->
                            request.includeUsage()
                                ? List.of(
                                    chunk(id, created, ROUTED_MODEL, "", "stop", end.trace()),
                                    usageChunk(
                                        id,
                                        created,
                                        ROUTED_MODEL,
                                        OpenAiController.usage(end.trace())))
                                : List.of(
                                    chunk(id, created, ROUTED_MODEL, "", "stop", end.trace()));
                      });
      return Mono.just(
          ok.contentType(MediaType.TEXT_EVENT_STREAM).body(EventStreams.of(json, chunks, null)));
    }
    return Flux.fromIterable(answers)
        .flatMapSequential(a -> a.parts().ofType(RoutedChat.Part.Finished.class).last())
        .collectList()
        .map(
            ends -> {
              boolean one = ends.size() == 1;
              List<TextCompletion.Choice> choices =
                  IntStream.range(0, ends.size())
                      .mapToObj(
                          i ->
                              new TextCompletion.Choice(
                                  ends.get(i).answer(),
                                  i,
                                  null,
                                  "stop",
                                  one ? null : ends.get(i).trace()))
                      .toList();
              ChatCompletion.Usage usage =
                  OpenAiController.usage(
                      ends.stream().mapToInt(e -> e.trace().usage().promptTokens()).sum(),
                      ends.stream().mapToInt(e -> e.trace().usage().completionTokens()).sum());
              return ok.body(
                  new TextCompletion(
                      id,
                      OBJECT,
                      created,
                      ROUTED_MODEL,
                      choices,
                      usage,
                      one ? ends.getFirst().trace() : null));
            });
  }

  /** The prompt as it is, with the client's limit and sampling; no chat turn stops. */
  static CompletionRequest limits(TextCompletionRequest request, String prompt) {
    try {
      double temperature = request.temperature() == null ? 0 : request.temperature();
      CompletionRequest completion =
          CompletionRequest.greedy(prompt, request.maxTokens())
              .withStop(ChatCompletionRequest.stopStrings(request.stop()))
              .withSampling(temperature, request.seed() == null ? 0 : request.seed());
      return request.topP() != null && temperature > 0
          ? completion.withTopP(request.topP())
          : completion;
    } catch (IllegalArgumentException e) {
      throw new ApiProblemException(ProblemType.INVALID_REQUEST, ApiProblemException.detailOf(e));
    }
  }

  private static ApiProblemException tooLong(ContextLengthExceededException e) {
    return OpenAiErrors.contextLength(e, "prompt");
  }

  private static String finish(Completion.FinishReason reason) {
    return reason == Completion.FinishReason.LENGTH ? "length" : "stop";
  }

  private static TextCompletion chunk(
      String id,
      long created,
      String model,
      String text,
      @Nullable String finish,
      RoutedChat.@Nullable Trace trace) {
    return new TextCompletion(
        id,
        OBJECT,
        created,
        model,
        List.of(new TextCompletion.Choice(text, 0, null, finish, null)),
        null,
        trace);
  }

  private static TextCompletion usageChunk(
      String id, long created, String model, ChatCompletion.Usage usage) {
    return new TextCompletion(id, OBJECT, created, model, List.of(), usage, null);
  }
}
