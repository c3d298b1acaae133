package io.symposium.orchestrator.openaicompat;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/chat/completions}: the OpenAI fields Symposium honours; others are
 * ignored. Symposium's own knobs sit in one extension object, {@code symposium}, so that no future
 * OpenAI field can clash with them.
 */
public record ChatCompletionRequest(
    @NotBlank @Nullable String model,
    @NotEmpty @Size(max = 256) @Valid @Nullable List<Message> messages,
    @JsonProperty("max_tokens") @Min(1) @Max(32768) @Nullable Integer maxTokens,
    @JsonProperty("max_completion_tokens") @Min(1) @Max(32768)
        @Nullable Integer maxCompletionTokens,
    @DecimalMin("0") @DecimalMax("5") @Nullable Double temperature,
    @JsonProperty("top_p") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
        @Nullable Double topP,
    @Min(0) @Max(4294967294L) @Nullable Long seed,
    @Nullable Object stop,
    @Nullable Boolean stream,
    @JsonProperty("stream_options") @Nullable StreamOptions streamOptions,
    @Valid @Nullable Symposium symposium) {

  /**
   * Symposium's extension: {@code active_experts} applies to a direct call of a sparse-MoE model
   * and to the MoE experts of the routed model; the routing knobs apply to the routed model only.
   */
  public record Symposium(
      @JsonProperty("routing_top_p") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
          @Nullable Double routingTopP,
      @Nullable Boolean deterministic,
      @JsonProperty("max_expert_calls") @Min(1) @Max(64) @Nullable Integer maxExpertCalls,
      @JsonProperty("active_experts") @Min(1) @Max(256) @Nullable Integer activeExperts) {

    /** Whether it names a knob that only routing uses. */
    boolean routes() {
      return routingTopP != null || deterministic != null || maxExpertCalls != null;
    }
  }

  @Nullable Integer activeExperts() {
    return symposium == null ? null : symposium.activeExperts();
  }

  /** The routing knobs, for the routed model. */
  RoutedChat.Knobs knobs() {
    if (symposium == null) {
      return RoutedChat.Knobs.NONE;
    }
    return new RoutedChat.Knobs(
        symposium.routingTopP(),
        Boolean.TRUE.equals(symposium.deterministic()),
        symposium.maxExpertCalls());
  }

  /** OpenAI's {@code stream_options}: {@code include_usage} adds a last chunk with the usage. */
  public record StreamOptions(@JsonProperty("include_usage") @Nullable Boolean includeUsage) {}

  /** One chat message. */
  public record Message(@NotNull @Nullable String role, @NotNull @Nullable String content) {

    String validRole() {
      return validated(role, "role");
    }

    String validContent() {
      return validated(content, "content");
    }
  }

  /** The model, which {@code @NotBlank} guarantees once the request is validated. */
  String validModel() {
    return validated(model, "model");
  }

  /** The messages, which {@code @NotEmpty} guarantees once the request is validated. */
  List<Message> validMessages() {
    return validated(messages, "messages");
  }

  /** A component that bean validation checked for null before the controller saw the request. */
  private static <T> T validated(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalStateException("'" + name + "' is null: the request was not validated");
    }
    return value;
  }

  /** The client's limit on the answer, or null: as much as the model's context leaves. */
  @Nullable Integer tokenLimit() {
    return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
  }

  boolean streaming() {
    return Boolean.TRUE.equals(stream);
  }

  boolean includeUsage() {
    return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
  }

  List<String> stopStrings() {
    return stopStrings(stop);
  }

  /** {@code stop} is a string or a list of strings in the OpenAI API. */
  static List<String> stopStrings(@Nullable Object stop) {
    if (stop == null) {
      return List.of();
    }
    if (stop instanceof String s) {
      return s.isEmpty() ? List.of() : List.of(s);
    }
    if (stop instanceof List<?> list
        && list.size() <= 16
        && list.stream().allMatch(o -> o instanceof String s && !s.isEmpty())) {
      return list.stream().map(String.class::cast).toList();
    }
    throw new IllegalArgumentException(
        "'stop' must be a string or a list of at most 16 non-empty strings");
  }
}
