package io.symposium.orchestrator.openaicompat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI {@code text_completion} object, whole or as a stream chunk; {@code symposium} is the
 * routed model's trace (of its one prompt; with several, each choice carries its own).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TextCompletion(
    String id,
    String object,
    long created,
    String model,
    List<Choice> choices,
    ChatCompletion.@Nullable Usage usage,
    RoutedChat.@Nullable Trace symposium) {

  /** One choice: the completion of the prompt at {@code index}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Choice(
      String text,
      int index,
      // OpenAI sends null when no log-probabilities were asked for, and the SDKs expect the key
      @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Object logprobs,
      @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS)
          @Nullable String finishReason,
      RoutedChat.@Nullable Trace symposium) {}
}
