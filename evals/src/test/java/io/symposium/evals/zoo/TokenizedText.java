package io.symposium.evals.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symposium.pool.gguf.GgufVocabulary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of the committed sample: a benchmark text and the ids the training tokenizer gave it (no
 * BOS).
 */
record TokenizedText(String text, int[] ids) {
  static final String RESOURCE = "/zoo/tokenization-sample.jsonl";

  int[] withBos() {
    int[] out = new int[ids.length + 1];
    out[0] = GgufVocabulary.BOS_ID;
    System.arraycopy(ids, 0, out, 1, ids.length);
    return out;
  }

  static List<TokenizedText> sample() {
    var json = new ObjectMapper();
    List<TokenizedText> out = new ArrayList<>();
    try (var reader =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(TokenizedText.class.getResourceAsStream(RESOURCE), RESOURCE),
                StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank()) continue;
        JsonNode node = json.readTree(line);
        int[] ids = new int[node.path("ids").size()];
        for (int i = 0; i < ids.length; i++) ids[i] = node.path("ids").get(i).asInt();
        out.add(new TokenizedText(node.path("text").asText(), ids));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
