package io.symposium.orchestrator.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.TaskFormat;
import io.symposium.orchestrator.routing.RoutingDecision;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The full answer to one query: the final answer and everything that led to it.
 *
 * @param id the query's id in the query log
 * @param finalAnswer the answer's text
 * @param extractedAnswer the answer in canonical form (a letter, a number), if one could be read
 * @param format the answer format used
 * @param skills the question's keywords, raw and mapped onto the profile vocabulary
 * @param routing the routing decision: scores, probabilities, fallbacks
 * @param experts each expert's answer (and failures with their replacements)
 * @param aggregation how the final answer was decided
 * @param modelsLoaded models the pool loaded while this query ran (other queries' loads can be
 *     among them)
 * @param timings milliseconds per stage
 * @param usage the tokens of every model call the answer took: the keyword model's (or, when its
 *     keywords came from the extractor's cache, one entry that says so), each expert's, the
 *     aggregator's
 * @param knobs the routing and pool knobs the query ran with
 */
public record QueryResult(
    UUID id,
    String question,
    String finalAnswer,
    @Nullable String extractedAnswer,
    TaskFormat format,
    String task,
    String strategy,
    Skills skills,
    RoutingDecision routing,
    List<ExpertOutcome> experts,
    FinalAnswer aggregation,
    List<String> modelsLoaded,
    Timings timings,
    Usage usage,
    QueryKnobs knobs) {

  public QueryResult {
    experts = List.copyOf(experts);
    modelsLoaded = List.copyOf(modelsLoaded);
  }

  /** Whether an expert had to be replaced by the next candidate. */
  public boolean degraded() {
    return experts.stream().anyMatch(e -> e.status() == ExpertStatus.FAILED);
  }

  /** The question's skills. */
  public record Skills(List<String> raw, List<String> mapped) {
    public Skills {
      raw = List.copyOf(raw);
      mapped = List.copyOf(mapped);
    }
  }

  /** What became of one recruited expert. */
  public enum ExpertStatus {
    ANSWERED,
    FAILED
  }

  /**
   * One expert's part.
   *
   * @param model the expert
   * @param draws how many of the k draws picked it
   * @param status answered, or failed (and then replaced by the next candidate when one was left)
   * @param answer its text
   * @param extracted its answer in canonical form
   * @param replaces the failed expert this one stands in for
   * @param error why it failed
   * @param activeExperts the experts per token it ran with, when the query asked for a count and it
   *     is a sparse-MoE model; null: its file's count
   */
  public record ExpertOutcome(
      String model,
      int draws,
      ExpertStatus status,
      @Nullable String answer,
      @Nullable String extracted,
      @Nullable String replaces,
      @Nullable String error,
      long latencyMillis,
      int promptTokens,
      int completionTokens,
      @Nullable Integer activeExperts) {}

  /** What a model call was for. */
  public enum CallRole {
    KEYWORDS,
    EXPERT,
    AGGREGATOR
  }

  /**
   * One completed model call.
   *
   * @param promptCounted false for a streamed call whose backend reports no counts at the end of a
   *     stream (then {@code promptTokens} is 0 and {@code completionTokens} counts its pieces)
   * @param turnsDropped how many of the conversation's earlier turns did not fit its context
   * @param cached true for the keyword model's entry when the question's keywords came from the
   *     extractor's cache: no call was made, and both counts are 0
   */
  public record ModelCall(
      String model,
      CallRole role,
      int promptTokens,
      int completionTokens,
      boolean promptCounted,
      int turnsDropped,
      boolean cached) {

    /** A call that was made. */
    public ModelCall(
        String model,
        CallRole role,
        int promptTokens,
        int completionTokens,
        boolean promptCounted,
        int turnsDropped) {
      this(model, role, promptTokens, completionTokens, promptCounted, turnsDropped, false);
    }

    public ModelCall {
      if (cached && (promptTokens != 0 || completionTokens != 0)) {
        throw new IllegalArgumentException("a cached answer made no call and has no tokens");
      }
    }
  }

  /**
   * The tokens of a query's model calls, in the order the calls completed.
   *
   * @param earlierTurns the conversation's turns before the question (0 for {@code /v1/query})
   */
  public record Usage(int earlierTurns, List<ModelCall> calls) {
    public Usage {
      calls = List.copyOf(calls);
    }

    /** The most earlier turns any call had to leave out. */
    public int mostTurnsDropped() {
      return calls.stream().mapToInt(ModelCall::turnsDropped).max().orElse(0);
    }

    // the sums are part of the answer's JSON, beside the calls they add up
    @JsonProperty
    public int promptTokens() {
      return calls.stream().mapToInt(ModelCall::promptTokens).sum();
    }

    @JsonProperty
    public int completionTokens() {
      return calls.stream().mapToInt(ModelCall::completionTokens).sum();
    }

    /** Whether every call's prompt was counted (no stream went uncounted). */
    @JsonProperty
    public boolean promptsCounted() {
      return calls.stream().allMatch(ModelCall::promptCounted);
    }
  }

  /** Milliseconds spent per stage. */
  public record Timings(
      long skillsMillis,
      long routingMicros,
      long expertsMillis,
      long aggregationMillis,
      long totalMillis) {}
}
