package io.symposium.orchestrator.query;

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
 */
public record QueryRequest(
    @NotBlank @MaxUtf8Bytes(QueryRequest.MAX_QUESTION_BYTES) @Nullable String question,
    @Min(1) @Max(16) @Nullable Integer k,
    @Pattern(regexp = "symbolic-moe|coe|single|all", message = "must be one of symbolic-moe, coe, single, all") @Nullable String strategy,
    @Nullable Long seed,
    @Min(1) @Max(8192) @Nullable Integer maxTokens) {

  public static final int MAX_QUESTION_BYTES = 32 * 1024;
}
