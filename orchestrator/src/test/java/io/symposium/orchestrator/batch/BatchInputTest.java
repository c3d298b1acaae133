package io.symposium.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reading a batch input file: every kind of line that is no request becomes an error line. */
final class BatchInputTest {

  final JsonMapper json = JsonMapper.builder().build();
  final BatchInput input = new BatchInput(json);

  List<BatchRepository.NewLine> lines(String... text) {
    return input.lines(String.join("\n", text).getBytes(StandardCharsets.UTF_8));
  }

  static String request(String customId, String url) {
    return "{\"custom_id\": \""
        + customId
        + "\", \"method\": \"POST\", \"url\": \""
        + url
        + "\", \"body\": {\"question\": \"q\"}}";
  }

  String code(BatchRepository.NewLine line) {
    assertThat(line.result()).isNotNull();
    assertThat(line.result().ok()).isFalse();
    assertThat(line.result().statusCode()).as("never a request: no response").isNull();
    return json.readTree(line.result().error()).get("code").asString();
  }

  @Test
  void lines_wellFormed_pendingWithTheirUrlAndBody() {
    List<BatchRepository.NewLine> read =
        lines(request("a", "/v1/query"), "", "   ", request("b", "/v1/chat/completions"), "");

    assertThat(read).extracting(BatchRepository.NewLine::lineNo).containsExactly(1, 4);
    assertThat(read).allSatisfy(l -> assertThat(l.result()).isNull());
    assertThat(read).extracting(BatchRepository.NewLine::customId).containsExactly("a", "b");
    assertThat(json.readTree(read.get(1).request()).get("url").asString())
        .isEqualTo("/v1/chat/completions");
    assertThat(json.readTree(read.get(0).request()).get("body").get("question").asString())
        .isEqualTo("q");
    assertThat(read)
        .extracting(BatchRepository.NewLine::resultId)
        .allMatch(id -> id.startsWith("batch_req_"))
        .doesNotHaveDuplicates();
  }

  @Test
  void lines_malformed_eachAnErrorLineWithItsCode() {
    List<BatchRepository.NewLine> read =
        lines(
            "{\"custom_id\": \"x\", ",
            "[1, 2]",
            "{\"method\": \"POST\", \"url\": \"/v1/query\", \"body\": {}}",
            request("c", "/v1/embeddings"),
            "{\"custom_id\": \"d\", \"method\": \"GET\", \"url\": \"/v1/query\", \"body\": {}}",
            "{\"custom_id\": \"e\", \"url\": \"/v1/query\", \"body\": \"text\"}",
            request("f", "/v1/query"),
            request("f", "/v1/query"));

    assertThat(read).hasSize(8);
    assertThat(read.subList(0, 6).stream().map(this::code))
        .containsExactly(
            "invalid_json",
            "invalid_json",
            "missing_custom_id",
            "invalid_url",
            "invalid_method",
            "invalid_body");
    assertThat(read.get(6).result()).as("the first of a repeated custom_id runs").isNull();
    assertThat(code(read.get(7))).isEqualTo("duplicate_custom_id");
    assertThat(read.get(7).customId()).isEqualTo("f");
    assertThat(json.readTree(read.get(7).result().error()).get("message").asString())
        .contains("Line 8");
  }
}
