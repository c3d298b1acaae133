package io.symposium.orchestrator.batch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A finished batch's output and error files as OpenAI writes them: one JSON line per input line,
 * {@code {"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error"}}, in input
 * order. The output file has the 2xx responses, the error file the rest: error responses, and lines
 * that were no request ({@code response} null).
 */
final class OutputFiles {

  private final JsonMapper json;

  OutputFiles(JsonMapper json) {
    this.json = json;
  }

  /** A batch's two files; a file with no line is null (OpenAI then gives no id either). */
  record Files(
      BatchRepository.@Nullable NewFile output, BatchRepository.@Nullable NewFile errors) {}

  /** The output file (2xx lines) and the error file. */
  Files of(String batchId, List<BatchRepository.FinishedLine> lines) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    for (BatchRepository.FinishedLine line : lines) {
      byte[] text =
          (json.writeValueAsString(outputLine(line)) + "\n").getBytes(StandardCharsets.UTF_8);
      (line.ok() ? output : errors).writeBytes(text);
    }
    return new Files(
        file(batchId + "_output.jsonl", output), file(batchId + "_error.jsonl", errors));
  }

  private Map<String, @Nullable Object> outputLine(BatchRepository.FinishedLine line) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("id", line.resultId());
    out.put("custom_id", line.customId());
    if (line.statusCode() != null && line.response() != null) {
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("status_code", line.statusCode());
      response.put("request_id", line.resultId());
      response.put("body", json.readTree(line.response()));
      out.put("response", response);
    } else {
      out.put("response", null);
    }
    out.put("error", line.ok() || line.error() == null ? null : json.readTree(line.error()));
    return out;
  }

  private static BatchRepository.@Nullable NewFile file(
      String name, ByteArrayOutputStream content) {
    if (content.size() == 0) {
      return null;
    }
    return new BatchRepository.NewFile(
        "file-" + UUID.randomUUID().toString().replace("-", ""), name, content.toByteArray());
  }
}
