package io.symposium.orchestrator.openaicompat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI {@code chat.completion} or {@code chat.completion.chunk} object; {@code symposium}, our
 * extension member, is the routed model's trace (on its completion, or its last chunk).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletion(
    String id,
    String object,
    long created,
    String model,
    List<Choice> choices,
    @Nullable Usage usage,
    RoutedChat.@Nullable Trace symposium) {

  /** One choice; {@code message} in a completion, {@code delta} in a chunk. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Choice(
      int index,
      @Nullable Message message,
      @Nullable Message delta,
      @JsonProperty("finish_reason") @Nullable String finishReason) {}

  /** A message or a delta. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Message(@Nullable String role, @Nullable String content) {}

  /** Token counts. */
  public record Usage(
      @JsonProperty("prompt_tokens") int promptTokens,
      @JsonProperty("completion_tokens") int completionTokens,
      @JsonProperty("total_tokens") int totalTokens) {}
}
