package io.symposium.pool.llamacpp.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symposium.pool.ChatPrompt;
import io.symposium.pool.llamacpp.engine.EngineFinish;
import io.symposium.pool.llamacpp.engine.GenerationRequest;
import io.symposium.pool.llamacpp.engine.GenerationResult;
import io.symposium.pool.llamacpp.engine.RejectedInputException;
import io.symposium.pool.llamacpp.engine.Sampling;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The subset of the OpenAI HTTP protocol a worker speaks: {@code /v1/completions} and {@code
 * /v1/chat/completions}, with streaming. Everything a client sends is checked here, before it
 * reaches the engine, and a wrong value is a 400 that names the field.
 */
final class OpenAiProtocol {

  private final ObjectMapper json;

  OpenAiProtocol(ObjectMapper json) {
    this.json = json;
  }

  /** One parsed completion request: which model, what to generate, and whether to stream it. */
  record ParsedCompletion(String model, GenerationRequest request, boolean stream, boolean chat) {}

  ParsedCompletion parseCompletion(byte[] body) {
    JsonNode root = parse(body);
    String prompt = text(root, "prompt");
    return new ParsedCompletion(
        text(root, "model"), request(root, prompt), bool(root, "stream"), false);
  }

  ParsedCompletion parseChat(byte[] body) {
    JsonNode root = parse(body);
    GenerationRequest request = request(root, chatPrompt(root));
    return new ParsedCompletion(
        text(root, "model"),
        request.withStop(ChatPrompt.withTurnStops(request.stop())),
        bool(root, "stream"),
        true);
  }

  /**
   * The {@code messages} of a chat request rendered as one prompt; a 400 names what is wrong with
   * them.
   */
  static String chatPrompt(JsonNode root) {
    JsonNode messages = root.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw ProtocolException.invalid("'messages' must be a non-empty array of {role, content}");
    }
    List<ChatPrompt.Message> list = new ArrayList<>();
    for (JsonNode m : messages) {
      if (!m.isObject() || !m.path("role").isTextual() || !m.path("content").isTextual()) {
        throw ProtocolException.invalid(
            "each message needs a string 'role' and a string 'content'");
      }
      list.add(new ChatPrompt.Message(m.get("role").asText(), m.get("content").asText()));
    }
    try {
      return ChatPrompt.render(list);
    } catch (IllegalArgumentException e) {
      throw ProtocolException.invalid(Objects.requireNonNullElse(e.getMessage(), e.toString()));
    }
  }

  private GenerationRequest request(JsonNode root, String prompt) {
    // absent: the answer may use what the context leaves (and then ends with "length")
    Integer maxTokens = optionalInteger(root, "max_tokens");
    if (root.has("max_completion_tokens")) {
      maxTokens = optionalInteger(root, "max_completion_tokens");
    }
    float temperature = number(root, "temperature", 0);
    float topP = number(root, "top_p", 1);
    int topK = integer(root, "top_k", temperature == 0 ? 0 : 40);
    long seed = root.has("seed") && !root.get("seed").isNull() ? longValue(root, "seed") : 0;
    List<String> stop = stops(root.get("stop"));
    String grammar =
        root.has("grammar") && !root.get("grammar").isNull() ? text(root, "grammar") : null;
    try {
      return new GenerationRequest(
          prompt, maxTokens, new Sampling(temperature, topK, topP, seed), stop, grammar);
    } catch (RejectedInputException e) {
      throw ProtocolException.invalid(e.getMessage());
    }
  }

  // ---- responses ----

  byte[] completionResponse(String id, ParsedCompletion c, GenerationResult r, long created) {
    ObjectNode root = json.createObjectNode();
    root.put("id", id);
    root.put("object", c.chat() ? "chat.completion" : "text_completion");
    root.put("created", created);
    root.put("model", c.model());
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    if (c.chat()) {
      ObjectNode message = choice.putObject("message");
      message.put("role", "assistant");
      message.put("content", r.text());
    } else {
      choice.put("text", r.text());
    }
    choice.put("finish_reason", finishReason(r.finishReason()));
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", r.promptTokens());
    usage.put("completion_tokens", r.generatedTokens());
    usage.put("total_tokens", r.promptTokens() + r.generatedTokens());
    ObjectNode timings = root.putObject("timings");
    timings.put("prompt_ms", r.promptTime().toNanos() / 1e6);
    timings.put("generation_ms", r.generationTime().toNanos() / 1e6);
    timings.put("tokens_per_second", r.tokensPerSecond());
    return bytes(root);
  }

  /**
   * One streamed chunk; {@code piece} is null for the final chunk that carries the finish reason
   * and usage.
   */
  byte[] chunk(
      String id,
      ParsedCompletion c,
      long created,
      @Nullable String piece,
      @Nullable GenerationResult end) {
    ObjectNode root = json.createObjectNode();
    root.put("id", id);
    root.put("object", c.chat() ? "chat.completion.chunk" : "text_completion");
    root.put("created", created);
    root.put("model", c.model());
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    if (c.chat()) {
      ObjectNode delta = choice.putObject("delta");
      if (piece != null) {
        delta.put("content", piece);
      }
    } else {
      choice.put("text", piece == null ? "" : piece);
    }
    if (end == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason(end.finishReason()));
      ObjectNode usage = root.putObject("usage");
      usage.put("prompt_tokens", end.promptTokens());
      usage.put("completion_tokens", end.generatedTokens());
      usage.put("total_tokens", end.promptTokens() + end.generatedTokens());
    }
    return bytes(root);
  }

  byte[] error(int status, String code, String message) {
    ObjectNode root = json.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", status >= 500 ? "server_error" : "invalid_request_error");
    error.put("code", code);
    error.put("retriable", status == 503);
    return bytes(root);
  }

  static String finishReason(EngineFinish reason) {
    return switch (reason) {
      case MAX_TOKENS -> "length";
      case CANCELLED -> "cancelled";
      default -> "stop";
    };
  }

  // ---- parsing ----

  JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw ProtocolException.invalid("the request body is empty; send a JSON object");
    }
    try {
      JsonNode root = json.readTree(body);
      if (root == null || !root.isObject()) {
        throw ProtocolException.invalid("the request body must be a JSON object");
      }
      return root;
    } catch (java.io.IOException e) {
      String why =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
              ? j.getOriginalMessage()
              : e.getMessage();
      throw ProtocolException.invalid("the request body is not valid JSON: " + why);
    }
  }

  static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual()) {
      throw ProtocolException.invalid("'" + field + "' must be a string");
    }
    return node.asText();
  }

  static boolean bool(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw ProtocolException.invalid("'" + field + "' must be true or false");
    }
    return node.asBoolean();
  }

  static int integer(JsonNode root, String field, int fallback) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw ProtocolException.invalid("'" + field + "' must be an integer");
    }
    return node.asInt();
  }

  /** The integer {@code field}, or null when it is absent or null. */
  static @Nullable Integer optionalInteger(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : integer(root, field, 0);
  }

  static long longValue(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw ProtocolException.invalid("'" + field + "' must be an integer");
    }
    return node.asLong();
  }

  static float number(JsonNode root, String field, float fallback) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isNumber()) {
      throw ProtocolException.invalid("'" + field + "' must be a number");
    }
    return (float) node.asDouble();
  }

  static List<String> stops(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    if (node.isArray() && node.size() <= 16) {
      List<String> stops = new ArrayList<>();
      for (JsonNode s : (ArrayNode) node) {
        if (!s.isTextual() || s.asText().isEmpty()) {
          throw ProtocolException.invalid("'stop' entries must be non-empty strings");
        }
        stops.add(s.asText());
      }
      return stops;
    }
    throw ProtocolException.invalid("'stop' must be a string or an array of at most 16 strings");
  }

  byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("could not write a JSON tree", e);
    }
  }
}
