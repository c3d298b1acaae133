package io.symposium.orchestrator.query;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/query}. Only the question is required; the service fills the rest
 * from its configuration.
 *
 * @param question what to answer: not blank, at most 32 KiB of UTF-8
 * @param k how many experts to recruit, 1..16
 * @param strategy how to choose the experts
 * @param seed makes the random expert draw repeatable
 * @param maxTokens a cap on each expert's answer length
 * @param aggregation how the answers become one: synthesis (default), majority or weighted
 * @param taskFormat the answer format: multiple-choice, integer or free-text (detected when left
 *     out)
 * @param task whose skill profiles route the question (default: {@code
 *     symposium.routing.default-task})
 * @param topP dynamic k: the fewest most probable experts whose probabilities reach it, in (0, 1],
 *     at most k (skill-accuracy and symbolic-moe only)
 * @param deterministic the k most probable experts instead of k seeded draws (skill-accuracy and
 *     symbolic-moe only; not with topP)
 * @param distinct k seeded draws without replacement, so k distinct experts (skill-accuracy and
 *     symbolic-moe only; not with topP or deterministic)
 * @param maxExpertCalls the most expert generations, first answers and replacements together, 1..64
 *     and at least k
 * @param activeExperts experts per token, 1..256, for the recruited experts that are sparse-MoE
 *     models; dense experts ignore it (each expert's outcome says what it ran with)
 */
public record QueryRequest(
    @NotBlank @MaxUtf8Bytes(QueryRequest.MAX_QUESTION_BYTES) @Nullable String question,
    @Min(1) @Max(16) @Nullable Integer k,
    @Pattern(
            regexp = "skill-accuracy|symbolic-moe|coe|single|all",
            message = "must be one of skill-accuracy, symbolic-moe, coe, single, all")
        @Nullable String strategy,
    @Nullable Long seed,
    @Min(1) @Max(8192) @Nullable Integer maxTokens,
    @Pattern(
            regexp = "synthesis|majority|weighted",
            message = "must be one of synthesis, majority, weighted")
        @Nullable String aggregation,
    @Pattern(
            regexp = "multiple-choice|integer|free-text",
            message = "must be one of multiple-choice, integer, free-text")
        @Nullable String taskFormat,
    @Pattern(
            regexp = "[A-Za-z0-9._-]{1,64}",
            message = "must be 1 to 64 letters, digits, '.', '_' or '-'")
        @Nullable String task,
    @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @Nullable Double topP,
    @Nullable Boolean deterministic,
    @Min(1) @Max(64) @Nullable Integer maxExpertCalls,
    @Min(1) @Max(QueryKnobs.MAX_ACTIVE_EXPERTS) @Nullable Integer activeExperts,
    @Nullable Boolean distinct) {

  public static final int MAX_QUESTION_BYTES = 32 * 1024;

  /** A request that draws with replacement (the reference behaviour) unless its knobs say not. */
  public QueryRequest(
      @Nullable String question,
      @Nullable Integer k,
      @Nullable String strategy,
      @Nullable Long seed,
      @Nullable Integer maxTokens,
      @Nullable String aggregation,
      @Nullable String taskFormat,
      @Nullable String task,
      @Nullable Double topP,
      @Nullable Boolean deterministic,
      @Nullable Integer maxExpertCalls,
      @Nullable Integer activeExperts) {
    this(
        question,
        k,
        strategy,
        seed,
        maxTokens,
        aggregation,
        taskFormat,
        task,
        topP,
        deterministic,
        maxExpertCalls,
        activeExperts,
        null);
  }

  /** A request without routing or pool knobs. */
  public QueryRequest(
      @Nullable String question,
      @Nullable Integer k,
      @Nullable String strategy,
      @Nullable Long seed,
      @Nullable Integer maxTokens,
      @Nullable String aggregation,
      @Nullable String taskFormat,
      @Nullable String task) {
    this(
        question,
        k,
        strategy,
        seed,
        maxTokens,
        aggregation,
        taskFormat,
        task,
        null,
        null,
        null,
        null);
  }

  /** The knobs this request chose. */
  QueryKnobs knobs() {
    return new QueryKnobs(
        topP,
        Boolean.TRUE.equals(deterministic),
        maxExpertCalls,
        activeExperts,
        Boolean.TRUE.equals(distinct));
  }

  /** The question, which {@code @NotBlank} guarantees once the request is validated. */
  public String validQuestion() {
    if (question == null) {
      throw new IllegalStateException("the request has no question: it was not validated");
    }
    return question;
  }
}
