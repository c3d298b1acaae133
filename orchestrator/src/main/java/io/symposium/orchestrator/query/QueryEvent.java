package io.symposium.orchestrator.query;

import io.symposium.aggregate.FinalAnswer;
import io.symposium.orchestrator.routing.RoutingDecision;

/**
 * What a query reports as it goes, in order: skills, routing, each expert's answer, the final
 * answer's pieces, the aggregate, done.
 */
public sealed interface QueryEvent {

  /** The SSE event name. */
  String name();

  /** The question's skills. */
  record SkillsFound(QueryResult.Skills skills) implements QueryEvent {
    @Override
    public String name() {
      return "skills";
    }
  }

  /** The routing decision. */
  record Routed(RoutingDecision routing) implements QueryEvent {
    @Override
    public String name() {
      return "routing";
    }
  }

  /** One expert answered, failed, or was replaced. */
  record ExpertDone(QueryResult.ExpertOutcome expert) implements QueryEvent {
    @Override
    public String name() {
      return "expert";
    }
  }

  /**
   * A piece of the final answer's text, in order; the pieces of a query concatenate to exactly the
   * final answer's text (a vote's winner arrives as one piece).
   */
  record AnswerPiece(String text) implements QueryEvent {
    @Override
    public String name() {
      return "answer";
    }
  }

  /** The final answer. */
  record Aggregated(FinalAnswer answer) implements QueryEvent {
    @Override
    public String name() {
      return "aggregate";
    }
  }

  /** The whole result. */
  record Done(QueryResult result) implements QueryEvent {
    @Override
    public String name() {
      return "done";
    }
  }
}
