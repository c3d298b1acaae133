package io.symposium.pool.llamacpp.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symposium.pool.ChatPrompt;
import io.symposium.pool.llamacpp.engine.EngineFinish;
import io.symposium.pool.llamacpp.engine.GenerationResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class OllamaProtocolTest {

  final ObjectMapper json = new ObjectMapper();
  final OllamaProtocol protocol = new OllamaProtocol(json);

  JsonNode body(String text) throws Exception {
    return json.readTree(text);
  }

  @Test
  void parseChat_noStreamField_streamsLikeOllama() throws Exception {
    OllamaProtocol.Request r =
        protocol.parseChat(
            body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

    assertThat(r.stream()).isTrue();
    assertThat(r.chat()).isTrue();
    assertThat(r.request().prompt()).isEqualTo("Question: hi\nAnswer:");
    assertThat(r.request().stop()).containsAll(ChatPrompt.TURN_STOPS);
  }

  @Test
  void parseChat_options_mappedToSampling() throws Exception {
    OllamaProtocol.Request r =
        protocol.parseChat(
            body(
                """
                {"model":"m","stream":false,"messages":[{"role":"USER","content":"hi"}],
                 "options":{"temperature":0.0,"top_k":5,"top_p":0.5,"seed":9,"num_predict":7,"num_ctx":256,"stop":["x"]}}\
                """));

    assertThat(r.stream()).isFalse();
    assertThat(r.request().maxTokens()).isEqualTo(7);
    assertThat(r.request().sampling().temperature()).isZero();
    assertThat(r.request().sampling().topK()).isEqualTo(5);
    assertThat(r.request().sampling().topP()).isEqualTo(0.5f);
    assertThat(r.request().sampling().seed()).isEqualTo(9);
    assertThat(r.request().stop()).startsWith("x");
  }

  @Test
  void parseGenerate_negativeNumPredict_asManyAsTheContextLeaves() throws Exception {
    OllamaProtocol.Request r =
        protocol.parseGenerate(
            body("{\"model\":\"m\",\"prompt\":\"p\",\"options\":{\"num_predict\":-1}}"));

    assertThat(r.chat()).isFalse();
    assertThat(r.request().prompt()).isEqualTo("p");
    assertThat(r.request().maxTokens()).isNull();
  }

  @Test
  void parseChat_badTemperatureOrNoMessages_invalidNamingTheProblem() throws Exception {
    JsonNode hot =
        body(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"options\":{\"temperature\":-1}}");
    JsonNode empty = body("{\"model\":\"m\",\"messages\":[]}");

    assertThatThrownBy(() -> protocol.parseChat(hot))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("temperature");
    assertThatThrownBy(() -> protocol.parseChat(empty))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("messages");
  }

  @Test
  void done_chatAtTokenLimit_lengthWithCounts() throws Exception {
    OllamaProtocol.Request r =
        protocol.parseChat(
            body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    GenerationResult result =
        new GenerationResult(
            "abc", 11, 3, EngineFinish.MAX_TOKENS, Duration.ofMillis(2), Duration.ofMillis(5));

    JsonNode line = json.readTree(protocol.done(r, result, "abc"));

    assertThat(line.path("done").asBoolean()).isTrue();
    assertThat(line.path("done_reason").asText()).isEqualTo("length");
    assertThat(line.path("message").path("content").asText()).isEqualTo("abc");
    assertThat(line.path("prompt_eval_count").asInt()).isEqualTo(11);
    assertThat(line.path("eval_count").asInt()).isEqualTo(3);
  }
}
