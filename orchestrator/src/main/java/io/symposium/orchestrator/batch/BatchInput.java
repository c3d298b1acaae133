package io.symposium.orchestrator.batch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a batch's input file into its lines: each non-blank line one request {@code {"custom_id",
 * "method": "POST", "url", "body"}}. A line that is no such request (not JSON, no {@code
 * custom_id}, a {@code url} the batch API does not offer, a {@code custom_id} an earlier line
 * already has) becomes an error line of the batch, never a failed batch.
 */
public final class BatchInput {

  /** The endpoints a line may call; a batch's {@code endpoint} is one of them too. */
  public static final List<String> ENDPOINTS = List.of("/v1/chat/completions", "/v1/query");

  private final JsonMapper json;

  public BatchInput(JsonMapper json) {
    this.json = json;
  }

  /** The lines of {@code content}, numbered from 1 as in the file (blank lines are skipped). */
  public List<BatchRepository.NewLine> lines(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    List<BatchRepository.NewLine> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] raw = text.split("\r?\n", -1);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i].isBlank()) {
        continue;
      }
      out.add(line(i + 1, raw[i], seen));
    }
    return out;
  }

  private BatchRepository.NewLine line(int lineNo, String raw, Set<String> seen) {
    String resultId = resultId();
    JsonNode node;
    try {
      node = json.readTree(raw);
    } catch (JacksonException e) {
      return error(lineNo, null, resultId, "invalid_json", "Line " + lineNo + " is not JSON.");
    }
    if (node == null || !node.isObject()) {
      return error(
          lineNo, null, resultId, "invalid_json", "Line " + lineNo + " is no JSON object.");
    }
    JsonNode custom = node.get("custom_id");
    if (custom == null || !custom.isString() || custom.asString().isBlank()) {
      return error(
          lineNo,
          null,
          resultId,
          "missing_custom_id",
          "Line " + lineNo + " has no custom_id (a non-empty string).");
    }
    String customId = custom.asString();
    if (customId.length() > 512) {
      return error(
          lineNo,
          null,
          resultId,
          "invalid_custom_id",
          "Line " + lineNo + ": custom_id is over 512 characters.");
    }
    if (!seen.add(customId)) {
      return error(
          lineNo,
          customId,
          resultId,
          "duplicate_custom_id",
          "Line "
              + lineNo
              + " repeats the custom_id '"
              + customId
              + "' of an earlier line; it is not run.");
    }
    JsonNode method = node.get("method");
    if (method != null && !(method.isString() && method.asString().equals("POST"))) {
      return error(
          lineNo,
          customId,
          resultId,
          "invalid_method",
          "Line " + lineNo + ": method must be POST.");
    }
    JsonNode url = node.get("url");
    if (url == null || !url.isString() || !ENDPOINTS.contains(url.asString())) {
      return error(
          lineNo,
          customId,
          resultId,
          "invalid_url",
          "Line " + lineNo + ": url must be one of " + ENDPOINTS + ".");
    }
    JsonNode body = node.get("body");
    if (body == null || !body.isObject()) {
      return error(
          lineNo,
          customId,
          resultId,
          "invalid_body",
          "Line " + lineNo + ": body must be a JSON object, the request.");
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("url", url.asString());
    request.put("body", body);
    return new BatchRepository.NewLine(
        lineNo, customId, json.writeValueAsString(request), resultId, null);
  }

  private BatchRepository.NewLine error(
      int lineNo, @Nullable String customId, String resultId, String code, String message) {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    return new BatchRepository.NewLine(
        lineNo,
        customId,
        null,
        resultId,
        new LineResult(false, null, null, json.writeValueAsString(error)));
  }

  static String resultId() {
    return "batch_req_" + UUID.randomUUID().toString().replace("-", "");
  }
}
