package io.symposium.orchestrator.query;

import io.symposium.orchestrator.openaicompat.RoutedChat;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.pool.CompletionRequest;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * The facade's routed model {@code symposium}: the last user message is the question, run like any
 * {@code /v1/query} with the service's defaults, the earlier turns given to the experts and the
 * aggregator, and answered with the final answer's pieces as the pipeline reports them (or whole,
 * when the client does not stream).
 */
@Component
public class PipelineChat implements RoutedChat {

  private final QueryRunner runner;

  public PipelineChat(QueryRunner runner) {
    this.runner = runner;
  }

  @Override
  public RoutedAnswer answer(
      Conversation conversation,
      CompletionRequest limits,
      Delivery delivery,
      Function<Throwable, ApiProblemException> problems) {
    UUID id = UUID.randomUUID();
    QueryRequest request = request(conversation, limits);
    Flux<Part> parts =
        runner
            .events(id, request, pipelineDelivery(delivery), conversation.earlier(), problems)
            .handle(
                (event, sink) -> {
                  switch (event) {
                    case QueryEvent.AnswerPiece piece -> sink.next(new Part.Text(piece.text()));
                    case QueryEvent.Done done ->
                        sink.next(
                            new Part.Finished(done.result().finalAnswer(), trace(done.result())));
                    default -> {}
                  }
                });
    return new RoutedAnswer(id, parts);
  }

  /**
   * The query a routed chat asks: what the client chose, the rest left to the defaults, as a {@code
   * /v1/query} that names nothing (the batch API's chat lines ask the same).
   */
  public static QueryRequest request(Conversation conversation, CompletionRequest limits) {
    return new QueryRequest(
        conversation.question(),
        null,
        null,
        limits.seed(),
        limits.maxTokens(),
        null,
        null,
        null,
        conversation.knobs().topP(),
        conversation.knobs().deterministic(),
        conversation.knobs().maxExpertCalls(),
        limits.activeExperts());
  }

  /** The routing trace of a routed answer, as the facade's extension member shows it. */
  public static Trace trace(QueryResult result) {
    return new Trace(
        result.id(),
        result.routing().distinctExperts(),
        result.routing().fallbacks().stream().map(Enum::name).toList(),
        result.aggregation().method().name().toLowerCase(Locale.ROOT),
        result.aggregation().aggregatorModelId(),
        usage(result.usage()),
        new Turns(result.usage().earlierTurns(), result.usage().mostTurnsDropped()));
  }

  /** The pipeline's own enum: {@code Delivery} here names the facade's, inherited. */
  private static io.symposium.orchestrator.query.Delivery pipelineDelivery(Delivery delivery) {
    return switch (delivery) {
      case WHOLE -> io.symposium.orchestrator.query.Delivery.WHOLE;
      case STREAMED -> io.symposium.orchestrator.query.Delivery.STREAMED;
    };
  }

  private static RoutedChat.Usage usage(QueryResult.Usage usage) {
    return new RoutedChat.Usage(
        usage.promptTokens(),
        usage.completionTokens(),
        usage.promptsCounted(),
        usage.calls().stream()
            .map(
                c ->
                    new RoutedChat.Call(
                        c.model(),
                        c.role().name().toLowerCase(Locale.ROOT),
                        c.promptTokens(),
                        c.completionTokens(),
                        c.turnsDropped(),
                        c.cached()))
            .toList());
  }
}
