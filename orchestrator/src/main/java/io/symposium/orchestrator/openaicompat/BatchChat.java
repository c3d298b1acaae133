package io.symposium.orchestrator.openaicompat;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.orchestrator.problem.Problems;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import io.symposium.pool.ModelPool;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch line's {@code /v1/chat/completions} request and response, exactly as the facade reads and
 * writes them (the same validation, defaults, response body and OpenAI error shape); only the
 * running differs, which the batch does with the phased offline plan. A batch answers whole, so
 * {@code stream} is refused.
 */
@Component
public class BatchChat {

  /** What a chat line asks for. */
  public sealed interface Request {}

  /** The routed model: the conversation and the client's limits, as the facade hands them on. */
  public record Routed(RoutedChat.Conversation conversation, CompletionRequest limits)
      implements Request {}

  /** A direct call of one expert. */
  public record Direct(String model, CompletionRequest request) implements Request {}

  private final JsonMapper json;
  private final Validator validator;
  private final ModelPool pool;

  public BatchChat(JsonMapper json, Validator validator, ModelPool pool) {
    this.json = json;
    this.validator = validator;
    this.pool = pool;
  }

  /**
   * The request of a line's {@code body}.
   *
   * @throws ApiProblemException the 4xx the facade would answer, in OpenAI's error shape
   */
  public Request read(JsonNode body) {
    try {
      ChatCompletionRequest request = readValid(body);
      if (request.streaming()) {
        throw new ApiProblemException(
            ProblemType.INVALID_REQUEST,
            "A batch answers whole: stream is not available in a batch line.",
            Map.of("error", Map.of("param", "stream")));
      }
      CompletionRequest completion = OpenAiController.toCompletionRequest(request);
      String model = request.validModel();
      if (OpenAiController.ROUTED_MODEL.equals(model)) {
        return new Routed(OpenAiController.conversation(request), completion);
      }
      if (pool.spec(model).isEmpty()) {
        throw OpenAiController.unknownModel(model);
      }
      if (request.symposium() != null && request.symposium().routes()) {
        throw new ApiProblemException(
            ProblemType.INVALID_REQUEST,
            "symposium.routing_top_p, deterministic and max_expert_calls tune routing and apply to"
                + " the model '"
                + OpenAiController.ROUTED_MODEL
                + "' only; a direct call takes symposium.active_experts alone.",
            Map.of("error", Map.of("param", "symposium")));
      }
      return new Direct(model, completion);
    } catch (RuntimeException e) {
      throw OpenAiErrors.of(e);
    }
  }

  private ChatCompletionRequest readValid(JsonNode body) {
    ChatCompletionRequest request;
    try {
      request = json.treeToValue(body, ChatCompletionRequest.class);
    } catch (JacksonException e) {
      throw new ApiProblemException(
          ProblemType.MALFORMED_REQUEST,
          "The body is not a chat completion request: " + e.getOriginalMessage());
    }
    Set<ConstraintViolation<ChatCompletionRequest>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      throw invalid(violations);
    }
    return request;
  }

  /** Bean validation's findings as the framework reports a {@code @Valid} body's. */
  public static <T> ApiProblemException invalid(Set<ConstraintViolation<T>> violations) {
    List<Map<String, Object>> errors =
        violations.stream()
            .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
            .<Map<String, Object>>map(
                v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage()))
            .toList();
    String detail =
        "Invalid request content: "
            + String.join(
                "; ", errors.stream().map(e -> e.get("field") + ": " + e.get("message")).toList());
    return new ApiProblemException(ProblemType.INVALID_REQUEST, detail, Map.of("errors", errors));
  }

  /** The facade's completion for a routed answer. */
  public ChatCompletion routed(UUID queryId, long created, String answer, RoutedChat.Trace trace) {
    return OpenAiController.whole(
        "chatcmpl-" + queryId,
        created,
        OpenAiController.ROUTED_MODEL,
        answer,
        Completion.FinishReason.STOP,
        OpenAiController.usage(trace),
        trace);
  }

  /** The facade's completion for a direct call. */
  public ChatCompletion direct(long created, String model, Completion completion) {
    return OpenAiController.whole(
        "chatcmpl-" + UUID.randomUUID(),
        created,
        model,
        completion.text().strip(),
        completion.finishReason(),
        OpenAiController.usage(completion.promptTokens(), completion.completionTokens()),
        null);
  }

  /** A failed line's status and body, in OpenAI's error shape as the facade answers it. */
  public ErrorResponse error(Throwable failure) {
    ApiProblemException problem = OpenAiErrors.of(failure);
    Map<String, Object> body = new LinkedHashMap<>(Problems.body(problem));
    body.put("error", OpenAiErrors.errorObject(Problems.of(problem)));
    return new ErrorResponse(problem.type().status().value(), body);
  }

  /** An error response: its status and body. */
  public record ErrorResponse(int status, Map<String, Object> body) {}
}
