package io.symposium.pool.llamacpp.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symposium.pool.ChatPrompt;
import io.symposium.pool.llamacpp.engine.EngineFinish;
import io.symposium.pool.llamacpp.engine.GenerationRequest;
import io.symposium.pool.llamacpp.engine.GenerationResult;
import io.symposium.pool.llamacpp.engine.ModelInfo;
import io.symposium.pool.llamacpp.engine.RejectedInputException;
import io.symposium.pool.llamacpp.engine.Sampling;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The subset of Ollama's HTTP API a worker speaks, so that Ollama clients (langchain4j's among
 * them) can use a worker as they use an Ollama server: {@code GET /api/tags}, {@code POST
 * /api/chat} and {@code POST /api/generate}, streamed as newline-delimited JSON unless {@code
 * "stream": false}.
 *
 * <p>Where Ollama leaves a value to the model file, the worker uses its own defaults: {@code
 * num_predict} absent or negative means as many tokens as the context leaves after the prompt, and
 * sampling defaults to Ollama's documented temperature 0.8, top-k 40 and top-p 0.9. {@code
 * /api/generate} sends the prompt as it is (no template); {@code /api/chat} renders the messages
 * with {@link ChatPrompt}. {@code num_ctx}, {@code keep_alive}, {@code format}, {@code think} and
 * {@code tools} are accepted and ignored: a worker's context is fixed when the model is loaded.
 */
final class OllamaProtocol {

  private static final float DEFAULT_TEMPERATURE = 0.8f;
  private static final int DEFAULT_TOP_K = 40;
  private static final float DEFAULT_TOP_P = 0.9f;

  private final ObjectMapper json;

  OllamaProtocol(ObjectMapper json) {
    this.json = json;
  }

  /**
   * One parsed request: which model, what to generate, whether to stream, and whether it came as a
   * chat.
   */
  record Request(String model, GenerationRequest request, boolean stream, boolean chat) {}

  Request parseChat(JsonNode root) {
    GenerationRequest request = request(root, OpenAiProtocol.chatPrompt(root));
    return new Request(
        OpenAiProtocol.text(root, "model"),
        request.withStop(ChatPrompt.withTurnStops(request.stop())),
        stream(root),
        true);
  }

  Request parseGenerate(JsonNode root) {
    String prompt = OpenAiProtocol.text(root, "prompt");
    if (prompt.isEmpty()) {
      throw ProtocolException.invalid("'prompt' is empty");
    }
    return new Request(
        OpenAiProtocol.text(root, "model"), request(root, prompt), stream(root), false);
  }

  /** Ollama streams unless told not to. */
  private static boolean stream(JsonNode root) {
    return !root.has("stream")
        || root.get("stream").isNull()
        || OpenAiProtocol.bool(root, "stream");
  }

  private GenerationRequest request(JsonNode root, String prompt) {
    JsonNode options = root.path("options");
    if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
      throw ProtocolException.invalid("'options' must be an object");
    }
    JsonNode o = options.isObject() ? options : json.createObjectNode();
    int numPredict = OpenAiProtocol.integer(o, "num_predict", -1);
    if (numPredict == 0) {
      throw ProtocolException.invalid("'options.num_predict' must not be 0");
    }
    // negative (Ollama: -1 unlimited, -2 fill the context): as many as the context leaves
    Integer maxTokens = numPredict < 0 ? null : numPredict;
    float temperature = OpenAiProtocol.number(o, "temperature", DEFAULT_TEMPERATURE);
    int topK = OpenAiProtocol.integer(o, "top_k", DEFAULT_TOP_K);
    float topP = OpenAiProtocol.number(o, "top_p", DEFAULT_TOP_P);
    long seed = o.has("seed") && !o.get("seed").isNull() ? OpenAiProtocol.longValue(o, "seed") : 0;
    List<String> stop = OpenAiProtocol.stops(o.get("stop"));
    try {
      return new GenerationRequest(
          prompt, maxTokens, new Sampling(temperature, topK, topP, seed), stop, null);
    } catch (RejectedInputException e) {
      throw ProtocolException.invalid(e.getMessage());
    }
  }

  // ---- responses ----

  /** {@code GET /api/tags}: the loaded models, named by their instance id. */
  byte[] tags(Collection<ModelInfo> models) {
    ObjectNode root = json.createObjectNode();
    ArrayNode list = root.putArray("models");
    models.stream()
        .sorted(Comparator.comparing(ModelInfo::id))
        .forEach(
            info -> {
              ObjectNode model = list.addObject();
              model.put("name", info.id());
              model.put("model", info.id());
              model.put("modified_at", modified(info).toString());
              model.put("size", size(info));
              ObjectNode details = model.putObject("details");
              details.put("format", "gguf");
              details.put("family", info.architecture());
              details.putArray("families").add(info.architecture());
            });
    return bytes(root);
  }

  /** One streamed line that carries {@code piece}. */
  byte[] piece(Request r, String piece) {
    ObjectNode root = header(r);
    text(root, r, piece);
    root.put("done", false);
    return bytes(root);
  }

  /**
   * The last streamed line (empty text) or the whole non-streamed answer ({@code text} = the
   * result's text).
   */
  byte[] done(Request r, GenerationResult result, String text) {
    ObjectNode root = header(r);
    text(root, r, text);
    root.put("done", true);
    root.put("done_reason", result.finishReason() == EngineFinish.MAX_TOKENS ? "length" : "stop");
    long prompt = result.promptTime().toNanos();
    long generation = result.generationTime().toNanos();
    root.put("total_duration", prompt + generation);
    root.put("load_duration", 0);
    root.put("prompt_eval_count", result.promptTokens());
    root.put("prompt_eval_duration", prompt);
    root.put("eval_count", result.generatedTokens());
    root.put("eval_duration", generation);
    return bytes(root);
  }

  /** Ollama's error body: {@code {"error": "..."}}. */
  byte[] error(String message) {
    ObjectNode root = json.createObjectNode();
    root.put("error", message);
    return bytes(root);
  }

  private ObjectNode header(Request r) {
    ObjectNode root = json.createObjectNode();
    root.put("model", r.model());
    root.put("created_at", Instant.now().toString());
    return root;
  }

  private static void text(ObjectNode root, Request r, String text) {
    if (r.chat()) {
      ObjectNode message = root.putObject("message");
      message.put("role", "assistant");
      message.put("content", text);
    } else {
      root.put("response", text);
    }
  }

  private static Instant modified(ModelInfo info) {
    try {
      return Files.getLastModifiedTime(info.file()).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private static long size(ModelInfo info) {
    try {
      return Files.size(info.file());
    } catch (IOException e) {
      return 0;
    }
  }

  private byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("could not write a JSON tree", e);
    }
  }
}
