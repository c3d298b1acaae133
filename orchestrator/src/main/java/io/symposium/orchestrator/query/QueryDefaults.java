package io.symposium.orchestrator.query;

import io.symposium.aggregate.TaskFormat;
import io.symposium.orchestrator.config.QueryProperties;
import io.symposium.orchestrator.config.RoutingProperties;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.pool.ChatPrompt;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Turns a request into a plan with the service's defaults filled in: the one place they are
 * applied, for {@code /v1/query}, the routed facade model and the route explanation alike.
 */
@Component
public class QueryDefaults {

  private final QueryProperties query;
  private final RoutingProperties routing;

  public QueryDefaults(QueryProperties query, RoutingProperties routing) {
    this.query = query;
    this.routing = routing;
  }

  /** The plan for {@code request}, streamed; see {@link #plan(QueryRequest, Delivery)}. */
  public QueryPlan plan(QueryRequest request) {
    return plan(request, Delivery.STREAMED);
  }

  /** The plan for {@code request}, a question without earlier turns. */
  public QueryPlan plan(QueryRequest request, Delivery delivery) {
    return plan(request, delivery, List.of());
  }

  /**
   * The plan for {@code request} after {@code earlierTurns} of a conversation; a field no plan
   * accepts is a 400 invalid-request problem.
   */
  public QueryPlan plan(
      QueryRequest request, Delivery delivery, List<ChatPrompt.Message> earlierTurns) {
    try {
      Strategy strategy = strategy(request);
      return new QueryPlan(
          request.validQuestion(),
          request.task() != null ? request.task() : routing.defaultTask(),
          request.k() != null ? request.k() : query.defaultK(),
          strategy,
          request.aggregation() != null
              ? Aggregation.fromId(request.aggregation())
              : strategy.defaultAggregation(),
          true,
          request.seed() != null ? request.seed() : 0,
          request.maxTokens() != null ? request.maxTokens() : routing.defaultMaxTokens(),
          format(request.taskFormat()),
          delivery,
          earlierTurns,
          request.knobs());
    } catch (IllegalArgumentException e) {
      throw new ApiProblemException(ProblemType.INVALID_REQUEST, ApiProblemException.detailOf(e));
    }
  }

  /**
   * The request's strategy, else the configured default; a request that asks for k experts or a way
   * of drawing them gets the drawing default instead, because the default (coe) recruits one expert
   * and draws none.
   */
  private Strategy strategy(QueryRequest request) {
    if (request.strategy() != null) {
      return Strategy.fromId(request.strategy());
    }
    boolean asksForDraws = request.k() != null || request.knobs().choosesDraws();
    return Strategy.fromId(asksForDraws ? query.drawingStrategy() : query.defaultStrategy());
  }

  private static @Nullable TaskFormat format(@Nullable String id) {
    if (id == null) {
      return null;
    }
    return switch (id) {
      case "multiple-choice" -> TaskFormat.MULTIPLE_CHOICE;
      case "integer" -> TaskFormat.INTEGER;
      default -> TaskFormat.FREE_TEXT;
    };
  }
}
