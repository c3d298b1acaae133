package io.symposium.orchestrator.query;

import io.symposium.orchestrator.config.QueryProperties;
import io.symposium.orchestrator.config.RoutingProperties;
import io.symposium.orchestrator.openaicompat.RoutedChat;
import io.symposium.pool.CompletionRequest;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The facade's routed model {@code symposium}: the last user message is the question, answered by
 * the query pipeline with the default task, k and aggregation. The answer is streamed as one piece
 * once it is decided (aggregation needs every expert's full answer first).
 */
@Component
public class PipelineChat implements RoutedChat {

  private final QueryPipeline pipeline;
  private final QueryLogRepository queryLog;
  private final QueryProperties defaults;
  private final RoutingProperties routing;

  public PipelineChat(
      QueryPipeline pipeline,
      QueryLogRepository queryLog,
      QueryProperties defaults,
      RoutingProperties routing) {
    this.pipeline = pipeline;
    this.queryLog = queryLog;
    this.defaults = defaults;
    this.routing = routing;
  }

  @Override
  public Mono<String> answer(String question, CompletionRequest limits) {
    UUID id = UUID.randomUUID();
    QueryPlan plan =
        new QueryPlan(
            question,
            routing.defaultTask(),
            defaults.defaultK(),
            Strategy.SYMBOLIC_MOE,
            Aggregation.SYNTHESIS,
            true,
            limits.seed(),
            limits.maxTokens(),
            null);
    QueryRequest logged =
        new QueryRequest(
            question,
            plan.k(),
            plan.strategy().id(),
            plan.seed(),
            plan.maxTokens(),
            plan.aggregation().id(),
            null,
            plan.task());
    return queryLog
        .insert(id, logged)
        .then(pipeline.run(id, plan, event -> {}))
        .flatMap(result -> queryLog.answered(result).thenReturn(result.finalAnswer()));
  }

  @Override
  public Flux<String> stream(String question, CompletionRequest limits) {
    return answer(question, limits).flux();
  }
}
