package io.symposium.orchestrator.query;

import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.Question;
import io.symposium.orchestrator.routing.RoutingDecision;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One query's way through the pipeline: reports each stage's result as an event when it arrives,
 * times the stages, and assembles the {@link QueryResult}. The stages run one after another, so its
 * fields are written by one stage at a time.
 */
final class QueryTrace {

  private final UUID id;
  private final QueryPlan plan;
  private final Question question;
  private final Consumer<QueryEvent> events;
  private final Supplier<List<String>> loadHistory;
  private final CallLedger ledger;
  private final int loadsBefore;
  private final long start = System.nanoTime();
  private long skillsDone;
  private long routed;
  private long answered;
  private QueryResult.Skills skills = new QueryResult.Skills(List.of(), List.of());
  private @Nullable RoutingDecision routing;
  private List<QueryResult.ExpertOutcome> outcomes = List.of();

  QueryTrace(
      UUID id,
      QueryPlan plan,
      Question question,
      Consumer<QueryEvent> events,
      Supplier<List<String>> loadHistory,
      CallLedger ledger) {
    this.id = id;
    this.ledger = ledger;
    this.plan = plan;
    this.question = question;
    this.events = events;
    this.loadHistory = loadHistory;
    this.loadsBefore = loadHistory.get().size();
  }

  QueryResult.Skills skillsFound(QueryResult.Skills found) {
    skillsDone = System.nanoTime();
    skills = found;
    events.accept(new QueryEvent.SkillsFound(found));
    return found;
  }

  RoutingDecision routed(RoutingDecision decision) {
    routed = System.nanoTime();
    routing = decision;
    events.accept(new QueryEvent.Routed(decision));
    return decision;
  }

  /** The routing decision; only once {@link #routed} was called. */
  RoutingDecision routing() {
    if (routing == null) {
      throw new IllegalStateException("the query has not been routed yet");
    }
    return routing;
  }

  List<QueryResult.ExpertOutcome> answered(List<QueryResult.ExpertOutcome> experts) {
    answered = System.nanoTime();
    outcomes = experts;
    return experts;
  }

  /** The result, reported after the final answer. */
  QueryResult done(FinalAnswer finalAnswer) {
    events.accept(new QueryEvent.Aggregated(finalAnswer));
    long end = System.nanoTime();
    List<String> history = loadHistory.get();
    QueryResult result =
        new QueryResult(
            id,
            plan.question(),
            finalAnswer.text(),
            finalAnswer.extracted(),
            question.format(),
            plan.task(),
            plan.strategy().id(),
            skills,
            routing(),
            outcomes,
            finalAnswer,
            history.subList(Math.min(loadsBefore, history.size()), history.size()),
            new QueryResult.Timings(
                millis(skillsDone - start),
                (routed - skillsDone) / 1000,
                millis(answered - routed),
                millis(end - answered),
                millis(end - start)),
            ledger.usage(),
            plan.knobs());
    events.accept(new QueryEvent.Done(result));
    return result;
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
