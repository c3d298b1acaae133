package io.symposium.orchestrator.openaicompat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/completions} (OpenAI's legacy completions, which evaluation harnesses
 * speak): a prompt, or a batch of prompts, completed as they are. What Symposium cannot honour
 * ({@code echo}, {@code logprobs}, {@code n} and {@code best_of} above 1, {@code suffix}, token-id
 * prompts) is refused with a 400 naming the parameter, rather than ignored: a harness that gets no
 * log-probabilities must not score as if it had.
 */
public record TextCompletionRequest(
    @NotBlank @Nullable String model,
    @NotNull @Nullable Object prompt,
    @JsonProperty("max_tokens") @Min(1) @Max(32768) @Nullable Integer maxTokens,
    @DecimalMin("0") @DecimalMax("5") @Nullable Double temperature,
    @JsonProperty("top_p") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
        @Nullable Double topP,
    @Min(0) @Max(4294967294L) @Nullable Long seed,
    @Nullable Object stop,
    @Nullable Boolean stream,
    @JsonProperty("stream_options") ChatCompletionRequest.@Nullable StreamOptions streamOptions,
    @Nullable Boolean echo,
    @Nullable Object logprobs,
    @Nullable Integer n,
    @JsonProperty("best_of") @Nullable Integer bestOf,
    @Nullable String suffix) {

  /** The most prompts one request may batch. */
  static final int MAX_PROMPTS = 32;

  String validModel() {
    if (model == null) {
      throw new IllegalStateException("'model' is null: the request was not validated");
    }
    return model;
  }

  /**
   * The prompts: a string, or an array of 1 to {@value #MAX_PROMPTS} non-empty strings; token ids
   * are refused (the service has no tokenizer of its own, each model has its own).
   *
   * @throws ApiProblemException 400 for any other shape, or a parameter this facade does not offer
   */
  List<String> validPrompts() {
    refuseUnsupported();
    if (prompt instanceof String text && !text.isEmpty()) {
      return List.of(text);
    }
    if (prompt instanceof List<?> list
        && !list.isEmpty()
        && list.size() <= MAX_PROMPTS
        && list.stream().allMatch(p -> p instanceof String s && !s.isEmpty())) {
      return list.stream().map(String.class::cast).toList();
    }
    String detail =
        prompt instanceof List<?> list && !list.isEmpty() && !(list.getFirst() instanceof String)
            ? "'prompt' holds token ids; send the prompt as text (a string or an array of strings)"
            : "'prompt' must be a non-empty string or an array of 1 to "
                + MAX_PROMPTS
                + " non-empty strings";
    throw invalid(detail, "prompt", "invalid_value");
  }

  boolean streaming() {
    return Boolean.TRUE.equals(stream);
  }

  boolean includeUsage() {
    return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
  }

  private void refuseUnsupported() {
    if (Boolean.TRUE.equals(echo)) {
      throw unsupported(
          "echo", "'echo: true' is not supported: the answer never repeats the prompt");
    }
    if (logprobs != null) {
      throw unsupported(
          "logprobs",
          "'logprobs' is not supported: the pool does not return token log-probabilities, so"
              + " loglikelihood tasks cannot be scored here; generation tasks work without it");
    }
    if (n != null && n != 1) {
      throw unsupported("n", "'n' must be 1: one completion per prompt");
    }
    if (bestOf != null && bestOf != 1) {
      throw unsupported("best_of", "'best_of' must be 1: one completion per prompt");
    }
    if (suffix != null && !suffix.isEmpty()) {
      throw unsupported("suffix", "'suffix' is not supported: no model here fills in the middle");
    }
  }

  private static ApiProblemException unsupported(String param, String detail) {
    return invalid(detail, param, "unsupported_parameter");
  }

  private static ApiProblemException invalid(String detail, String param, String code) {
    return new ApiProblemException(
        ProblemType.INVALID_REQUEST,
        detail,
        Map.of(
            "error",
            Map.of(
                "message", detail, "type", "invalid_request_error", "param", param, "code", code)));
  }
}
