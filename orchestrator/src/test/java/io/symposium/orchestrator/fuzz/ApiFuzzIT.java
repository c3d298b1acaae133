package io.symposium.orchestrator.fuzz;

import static io.symposium.orchestrator.fuzz.FuzzValues.field;
import static io.symposium.orchestrator.fuzz.Gen.weighted;
import static io.symposium.orchestrator.fuzz.ServiceUnderFuzz.Dialect.OPENAI;
import static io.symposium.orchestrator.fuzz.ServiceUnderFuzz.Dialect.PROBLEM;
import static io.symposium.orchestrator.fuzz.ServiceUnderFuzz.wellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.fuzz.ServiceUnderFuzz.Answer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary JSON and arbitrary Unicode at every field of every endpoint, native, OpenAI facade and
 * admin (issue 14): every answer is a 2xx or a 4xx with a problem body (OpenAI's error on the
 * facade), never a 5xx, and what the query log keeps of an accepted question reads back exactly.
 *
 * <p>The service has no models: a question is logged and then refused with a 409 (no profile), so
 * no try generates, and a profiling run is only ever sent a body validation must refuse. Each test
 * runs {@code TRIES} tries of our own seeded generators ({@link Gen}, {@link FuzzTries}); a failure
 * names the test, the base seed and the try, and {@code -Dfuzz.seed=N} replays it.
 */
final class ApiFuzzIT {

  private static final int TRIES = 150;
  private static @Nullable ServiceUnderFuzz service;

  @BeforeAll
  static void start() throws Exception {
    service = ServiceUnderFuzz.start();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static ServiceUnderFuzz service() {
    assertThat(service).as("the service under fuzz").isNotNull();
    return service;
  }

  // ---- native API -------------------------------------------------------------------------

  @Test
  void query_anyBody_refusedCleanlyOrLoggedExactly() {
    Gen<Object> bodyGen = queryBodies();
    Gen<JsonText.Strings> stringsGen = Gen.of(JsonText.Strings.values());
    Gen<String> acceptGen = accepts();
    int readBack =
        FuzzTries.count(
            "query_anyBody_refusedCleanlyOrLoggedExactly",
            TRIES,
            random -> {
              Object body = bodyGen.next(random);
              JsonText.Strings strings = stringsGen.next(random);
              String accept = acceptGen.next(random);
              Answer answer =
                  wellFormed(
                      service().send("POST", "/v1/query", JsonText.write(body, strings), accept),
                      PROBLEM);
              boolean logged = false;
              if (body instanceof Map<?, ?> fields
                  && fields.get("question") instanceof String question) {
                logged = queryId(answer).map(id -> readsBack(id, question, fields)).orElse(false);
              }
              return logged;
            });
    FuzzTries.assertCoverage(
        "query_anyBody_refusedCleanlyOrLoggedExactly", "logged and read back", readBack, TRIES, 5);
  }

  Gen<Object> queryBodies() {
    Map<String, Gen<Object>> fields = new LinkedHashMap<>();
    fields.put("question", field(FuzzValues.text()));
    // plausible values are valid ones (the corrupted fields bring the invalid), so that many
    // bodies are accepted and logged
    fields.put("k", field(Gen.integers(1, 16)));
    fields.put("strategy", field(Gen.of("symbolic-moe", "coe", "single", "all")));
    fields.put("seed", field(Gen.longs()));
    fields.put("maxTokens", field(Gen.integers(1, 8192)));
    fields.put("aggregation", field(Gen.of("synthesis", "majority", "weighted")));
    fields.put("taskFormat", field(Gen.of("multiple-choice", "integer", "free-text")));
    fields.put("task", field(Gen.of("synth", "no-such-task", "fuzz-import")));
    fields.put("topP", FuzzValues.rarely(Gen.doubles(0.01, 1)));
    fields.put("deterministic", FuzzValues.rarely(Gen.of(true, false)));
    fields.put("maxExpertCalls", field(Gen.integers(16, 64)));
    fields.put("activeExperts", field(Gen.integers(1, 256)));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  Gen<String> accepts() {
    return Gen.frequency(
        weighted(6, Gen.just("application/json")),
        weighted(2, Gen.just("text/event-stream")),
        weighted(1, Gen.just("*/*")),
        weighted(1, Gen.just("text/html")));
  }

  @Test
  void queryById_anyId_refusedCleanly() {
    Gen<String> idGen = pathSegments();
    FuzzTries.run(
        "queryById_anyId_refusedCleanly",
        TRIES,
        random -> {
          String id = idGen.next(random);
          wellFormed(service().send("GET", "/v1/queries/" + id, null, null), PROBLEM);
        });
  }

  @Test
  void routeExplain_anyBody_refusedCleanlyOrExplained() {
    Gen<Object> bodyGen = explainBodies();
    Gen<JsonText.Strings> stringsGen = Gen.of(JsonText.Strings.values());
    FuzzTries.run(
        "routeExplain_anyBody_refusedCleanlyOrExplained",
        TRIES,
        random -> {
          Object body = bodyGen.next(random);
          JsonText.Strings strings = stringsGen.next(random);
          wellFormed(
              service()
                  .send("POST", "/admin/api/route/explain", JsonText.write(body, strings), null),
              PROBLEM);
        });
  }

  Gen<Object> explainBodies() {
    Map<String, Gen<Object>> fields = new LinkedHashMap<>();
    fields.put("question", field(FuzzValues.text()));
    fields.put("task", field(Gen.of("synth", "fuzz-import")));
    fields.put("keywords", field(FuzzValues.shortText().list(5)));
    fields.put("k", field(Gen.integers(-2, 20)));
    fields.put("strategy", field(Gen.of("symbolic-moe", "coe", "single", "all")));
    fields.put("seed", field(Gen.longs()));
    fields.put("topP", field(Gen.doubles(-0.5, 1.5)));
    fields.put("deterministic", field(Gen.of(true, false)));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  // ---- OpenAI facade ----------------------------------------------------------------------

  @Test
  void chat_anyBody_refusedCleanlyOrLoggedExactly() {
    Gen<Object> bodyGen = chatBodies();
    Gen<JsonText.Strings> stringsGen = Gen.of(JsonText.Strings.values());
    int readBack =
        FuzzTries.count(
            "chat_anyBody_refusedCleanlyOrLoggedExactly",
            TRIES,
            random -> {
              Object body = bodyGen.next(random);
              JsonText.Strings strings = stringsGen.next(random);
              Answer answer =
                  wellFormed(
                      service()
                          .send(
                              "POST", "/v1/chat/completions", JsonText.write(body, strings), null),
                      OPENAI);
              boolean logged = false;
              if (body instanceof Map<?, ?> fields
                  && "symposium".equals(fields.get("model"))
                  && fields.get("messages") instanceof List<?> messages
                  && !messages.isEmpty()
                  && messages.getLast() instanceof Map<?, ?> last
                  && last.get("content") instanceof String question) {
                logged = queryId(answer).map(id -> readsBack(id, question, Map.of())).orElse(false);
              }
              return logged;
            });
    FuzzTries.assertCoverage(
        "chat_anyBody_refusedCleanlyOrLoggedExactly", "logged and read back", readBack, TRIES, 5);
  }

  Gen<Object> chatBodies() {
    Map<String, Gen<Object>> message = new LinkedHashMap<>();
    message.put(
        "role",
        Gen.frequency(
            weighted(6, Gen.just("user")),
            weighted(1, Gen.just("system")),
            weighted(1, Gen.just("assistant")),
            weighted(1, Gen.just("tool"))));
    message.put("content", FuzzValues.text().asObject());
    Map<String, Gen<Object>> extension = new LinkedHashMap<>();
    extension.put("routing_top_p", FuzzValues.rarely(Gen.doubles(0.01, 1)));
    extension.put("deterministic", FuzzValues.rarely(Gen.of(true, false)));
    extension.put("max_expert_calls", field(Gen.integers(3, 64)));
    extension.put("active_experts", field(Gen.integers(1, 256)));
    Map<String, Gen<Object>> fields = new LinkedHashMap<>();
    fields.put(
        "model",
        field(
            Gen.frequency(
                weighted(5, Gen.just("symposium")), weighted(1, Gen.just("no-such-model")))));
    fields.put("messages", FuzzValues.plainObject(message).list(1, 4).asObject());
    fields.put("max_tokens", field(Gen.integers(1, 8192)));
    fields.put("max_completion_tokens", FuzzValues.rarely(Gen.integers(1, 8192)));
    fields.put("temperature", field(Gen.doubles(0, 5)));
    fields.put("top_p", field(Gen.doubles(0.01, 1)));
    fields.put("seed", field(Gen.longs(0, 4294967294L)));
    fields.put("stop", FuzzValues.rarely(Gen.oneOf(FuzzValues.text(), FuzzValues.text().list(18))));
    fields.put("stream", field(Gen.of(true, false)));
    fields.put("stream_options", field(Gen.just(Map.of("include_usage", true))));
    fields.put("symposium", field(FuzzValues.plainObject(extension)));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  @Test
  void completions_anyBody_refusedCleanlyOrLoggedExactly() {
    Gen<Object> bodyGen = completionBodies();
    Gen<JsonText.Strings> stringsGen = Gen.of(JsonText.Strings.values());
    int readBack =
        FuzzTries.count(
            "completions_anyBody_refusedCleanlyOrLoggedExactly",
            TRIES,
            random -> {
              Object body = bodyGen.next(random);
              JsonText.Strings strings = stringsGen.next(random);
              Answer answer =
                  wellFormed(
                      service()
                          .send("POST", "/v1/completions", JsonText.write(body, strings), null),
                      OPENAI);
              boolean logged = false;
              if (body instanceof Map<?, ?> fields && "symposium".equals(fields.get("model"))) {
                List<?> prompts =
                    fields.get("prompt") instanceof List<?> list
                        ? list
                        : List.of(String.valueOf(fields.get("prompt")));
                if (answer.queryIds() != null) {
                  String[] ids = answer.queryIds().split(",");
                  assertThat(ids)
                      .as("one query per prompt of %s", answer.request())
                      .hasSameSizeAs(prompts.toArray());
                  for (int i = 0; i < ids.length; i++) {
                    logged = readsBack(ids[i].strip(), (String) prompts.get(i), Map.of());
                  }
                } else if (fields.get("prompt") instanceof String prompt) {
                  logged = queryId(answer).map(id -> readsBack(id, prompt, Map.of())).orElse(false);
                }
              }
              return logged;
            });
    FuzzTries.assertCoverage(
        "completions_anyBody_refusedCleanlyOrLoggedExactly",
        "logged and read back",
        readBack,
        TRIES,
        5);
  }

  Gen<Object> completionBodies() {
    Map<String, Gen<Object>> fields = new LinkedHashMap<>();
    fields.put(
        "model",
        field(
            Gen.frequency(
                weighted(5, Gen.just("symposium")), weighted(1, Gen.just("no-such-model")))));
    fields.put(
        "prompt",
        field(
            Gen.frequency(weighted(3, FuzzValues.text()), weighted(1, FuzzValues.text().list(4)))));
    fields.put("max_tokens", field(Gen.integers(1, 8192)));
    fields.put("temperature", field(Gen.doubles(0, 5)));
    fields.put("top_p", field(Gen.doubles(0.01, 1)));
    fields.put("seed", field(Gen.longs(0, 4294967294L)));
    fields.put("stop", field(FuzzValues.text()));
    fields.put("stream", field(Gen.of(true, false)));
    // what the facade refuses by name, now and then
    fields.put("echo", FuzzValues.rarely(Gen.of(true, false)));
    fields.put("logprobs", FuzzValues.rarely(Gen.integers(0, 5)));
    fields.put("n", FuzzValues.rarely(Gen.integers(0, 3)));
    fields.put("best_of", FuzzValues.rarely(Gen.integers(0, 3)));
    fields.put("suffix", FuzzValues.rarely(FuzzValues.text()));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  @Test
  void model_anyId_foundOrRefusedCleanly() {
    Gen<String> idGen = pathSegments();
    FuzzTries.run(
        "model_anyId_foundOrRefusedCleanly",
        TRIES,
        random -> {
          String id = idGen.next(random);
          wellFormed(service().send("GET", "/v1/models/" + id, null, null), OPENAI);
        });
  }

  // ---- admin API --------------------------------------------------------------------------

  @Test
  void addModel_anyBody_refusedCleanlyOrAddedAndRemoved() {
    Gen<Object> bodyGen = modelBodies();
    Gen<JsonText.Strings> stringsGen = Gen.of(JsonText.Strings.values());
    FuzzTries.run(
        "addModel_anyBody_refusedCleanlyOrAddedAndRemoved",
        TRIES,
        random -> {
          Object body = bodyGen.next(random);
          JsonText.Strings strings = stringsGen.next(random);
          Answer answer =
              wellFormed(
                  service().send("POST", "/admin/api/models", JsonText.write(body, strings), null),
                  PROBLEM);
          if (answer.status() == 201) {
            // a remote model at some URL: taken off again, so that no later try calls it
            String id = (String) answer.json().get("id");
            Answer removed =
                service()
                    .send(
                        "DELETE",
                        "/admin/api/models/"
                            + ServiceUnderFuzz.segment(id.getBytes(StandardCharsets.UTF_8)),
                        null,
                        null);
            assertThat(removed.status()).as("removing %s", id).isEqualTo(204);
          }
        });
  }

  Gen<Object> modelBodies() {
    Map<String, Gen<Object>> fields = new LinkedHashMap<>();
    fields.put("id", field(FuzzValues.text()));
    fields.put("backend", field(Gen.of("llama-cpp", "openai", "ollama", "gguf")));
    fields.put(
        "path",
        field(Gen.oneOf(FuzzValues.text(), Gen.of("models/x.gguf", "/etc/passwd", "../../x"))));
    fields.put(
        "baseUrl",
        field(
            Gen.oneOf(
                FuzzValues.text(), Gen.of("http://127.0.0.1:9/v1", "file:///etc", "http://[::1"))));
    fields.put("remoteName", field(FuzzValues.text()));
    fields.put("contextSize", field(Gen.integers(-1, 1 << 20)));
    fields.put("parallelSlots", field(Gen.integers(-1, 1000)));
    fields.put("threads", field(Gen.integers(-1, 1000)));
    fields.put("tags", field(FuzzValues.shortText().list(4)));
    fields.put("pinned", field(Gen.of(true, false)));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  @Test
  void removeModel_anyId_refusedCleanly() {
    Gen<String> idGen = pathSegments();
    FuzzTries.run(
        "removeModel_anyId_refusedCleanly",
        TRIES,
        random -> {
          String id = idGen.next(random);
          wellFormed(service().send("DELETE", "/admin/api/models/" + id, null, null), PROBLEM);
        });
  }

  @Test
  void pinModel_anyIdAndBody_refusedCleanly() {
    Gen<String> idGen = pathSegments();
    Gen<Object> bodyGen = pinBodies();
    FuzzTries.run(
        "pinModel_anyIdAndBody_refusedCleanly",
        TRIES,
        random -> {
          String id = idGen.next(random);
          Object body = bodyGen.next(random);
          wellFormed(
              service()
                  .send(
                      "POST",
                      "/admin/api/models/" + id + "/pin",
                      JsonText.write(body, JsonText.Strings.RAW_UTF8),
                      null),
              PROBLEM);
        });
  }

  Gen<Object> pinBodies() {
    return FuzzValues.body(FuzzValues.object(Map.of("pinned", field(Gen.of(true, false)))));
  }

  @Test
  void importProfiles_anyBody_refusedCleanlyOrStored() {
    Gen<Object> bodyGen = importBodies();
    Gen<JsonText.Strings> stringsGen = Gen.of(JsonText.Strings.values());
    FuzzTries.run(
        "importProfiles_anyBody_refusedCleanlyOrStored",
        TRIES,
        random -> {
          Object body = bodyGen.next(random);
          JsonText.Strings strings = stringsGen.next(random);
          wellFormed(
              service()
                  .send("POST", "/admin/api/profiles/import", JsonText.write(body, strings), null),
              PROBLEM);
        });
  }

  Gen<Object> importBodies() {
    Gen<Object> scores = Gen.maps(FuzzValues.text(), field(Gen.integers(-50, 50)), 4).asObject();
    Map<String, Gen<Object>> fields = new LinkedHashMap<>();
    // a task of its own: an imported profile must never route the other tries' questions
    fields.put("task", field(Gen.just("fuzz-import")));
    fields.put("profiles", field(Gen.maps(FuzzValues.text(), field(scores), 3)));
    fields.put("activate", field(Gen.of(true, false)));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  @Test
  void activateProfile_anyId_refusedCleanlyOrActivated() {
    Gen<String> idGen = pathSegmentsAndNumbers();
    FuzzTries.run(
        "activateProfile_anyId_refusedCleanlyOrActivated",
        TRIES,
        random -> {
          String id = idGen.next(random);
          wellFormed(
              service().send("POST", "/admin/api/profiles/" + id + "/activate", null, null),
              PROBLEM);
        });
  }

  @Test
  void startProfilingRun_bodyValidationRefuses_refusedCleanly() {
    Gen<Object> bodyGen = refusedRunBodies();
    Gen<JsonText.Strings> stringsGen = Gen.of(JsonText.Strings.values());
    FuzzTries.run(
        "startProfilingRun_bodyValidationRefuses_refusedCleanly",
        TRIES,
        random -> {
          Object body = bodyGen.next(random);
          JsonText.Strings strings = stringsGen.next(random);
          Answer answer =
              wellFormed(
                  service()
                      .send(
                          "POST", "/admin/api/profiles/runs", JsonText.write(body, strings), null),
                  PROBLEM);
          assertThat(answer.status())
              .as("a run body that must be refused: %s", answer.request())
              .isBetween(400, 499);
        });
  }

  /**
   * Run bodies with every field fuzzed but a validation file that cannot exist (or is no string),
   * so that no try starts a profiling run.
   */
  Gen<Object> refusedRunBodies() {
    Map<String, Gen<Object>> fields = new LinkedHashMap<>();
    fields.put("task", field(Gen.of("synth", "fuzz-run")));
    fields.put(
        "validationFile",
        Gen.oneOf(
            FuzzValues.shortText().map(s -> (Object) ("/nonexistent-fuzz/" + s)),
            FuzzValues.scalar().filter(v -> !(v instanceof String)),
            Gen.just(FuzzValues.Absent.FIELD)));
    fields.put("experts", field(FuzzValues.shortText().list(3)));
    fields.put("keywordModel", field(FuzzValues.text()));
    fields.put("aggregators", field(FuzzValues.shortText().list(3)));
    fields.put("limit", field(Gen.integers(-1, 10)));
    return FuzzValues.object(fields);
  }

  @Test
  void profilingRun_anyId_refusedCleanly() {
    Gen<String> idGen = pathSegmentsAndNumbers();
    FuzzTries.run(
        "profilingRun_anyId_refusedCleanly",
        TRIES,
        random -> {
          String id = idGen.next(random);
          wellFormed(service().send("GET", "/admin/api/profiles/runs/" + id, null, null), PROBLEM);
        });
  }

  @Test
  void createApiKey_anyBody_refusedCleanlyOrCreatedAndRevoked() {
    Gen<Object> bodyGen = keyBodies();
    Gen<JsonText.Strings> stringsGen = Gen.of(JsonText.Strings.values());
    FuzzTries.run(
        "createApiKey_anyBody_refusedCleanlyOrCreatedAndRevoked",
        TRIES,
        random -> {
          Object body = bodyGen.next(random);
          JsonText.Strings strings = stringsGen.next(random);
          Answer answer =
              wellFormed(
                  service().send("POST", "/admin/api/keys", JsonText.write(body, strings), null),
                  PROBLEM);
          if (answer.status() == 201) {
            // revoked at once: a live key would close /v1/** to the other properties' tries
            Object id = answer.json().get("id");
            assertThat(service().send("DELETE", "/admin/api/keys/" + id, null, null).status())
                .as("revoking key %s", id)
                .isEqualTo(204);
          }
        });
  }

  Gen<Object> keyBodies() {
    return FuzzValues.body(FuzzValues.object(Map.of("name", field(FuzzValues.text()))));
  }

  @Test
  void revokeApiKey_anyId_refusedCleanly() {
    Gen<String> idGen = pathSegments();
    FuzzTries.run(
        "revokeApiKey_anyId_refusedCleanly",
        TRIES,
        random -> {
          String id = idGen.next(random);
          wellFormed(service().send("DELETE", "/admin/api/keys/" + id, null, null), PROBLEM);
        });
  }

  // ---- every body endpoint, raw bytes -----------------------------------------------------

  @Test
  void anyBodyEndpoint_arbitraryBytes_refusedCleanly() {
    Gen<String> endpointGen = bodyEndpoints();
    Gen<byte[]> bodyGen = rawBodies();
    FuzzTries.run(
        "anyBodyEndpoint_arbitraryBytes_refusedCleanly",
        TRIES,
        random -> {
          String endpoint = endpointGen.next(random);
          byte[] body = bodyGen.next(random);
          wellFormed(
              service().send("POST", endpoint, body, null),
              endpoint.startsWith("/v1/c") ? OPENAI : PROBLEM);
        });
  }

  Gen<String> bodyEndpoints() {
    return Gen.of(
        "/v1/query",
        "/v1/chat/completions",
        "/v1/completions",
        "/admin/api/route/explain",
        "/admin/api/models",
        "/admin/api/models/x/pin",
        "/admin/api/profiles/import",
        "/admin/api/profiles/runs",
        "/admin/api/keys");
  }

  /** Random bytes, and JSON bodies cut short or spliced with bytes that are no UTF-8. */
  Gen<byte[]> rawBodies() {
    Gen<byte[]> noise = Gen.bytes(0, 300);
    Gen<byte[]> cut =
        FuzzValues.json()
            .map(v -> JsonText.write(v, JsonText.Strings.RAW_UTF8))
            .flatMap(b -> Gen.integers(0, b.length).map(n -> java.util.Arrays.copyOf(b, n)));
    Gen<JsonText.Bytes> invalid = FuzzValues.invalidUtf8();
    Gen<String> texts = FuzzValues.shortText();
    Gen<byte[]> spliced =
        random -> {
          JsonText.Bytes bad = invalid.next(random);
          String text = texts.next(random);
          byte[] head = "{\"question\": \"".getBytes(StandardCharsets.UTF_8);
          byte[] middle = text.getBytes(StandardCharsets.UTF_8);
          byte[] tail =
              "\", \"model\": \"symposium\", \"prompt\": \"x\"}".getBytes(StandardCharsets.UTF_8);
          var out = new java.io.ByteArrayOutputStream();
          out.writeBytes(head);
          out.writeBytes(middle);
          out.writeBytes(bad.bytes());
          out.writeBytes(tail);
          return out.toByteArray();
        };
    return Gen.oneOf(noise, cut, spliced);
  }

  // ---- paths ------------------------------------------------------------------------------

  /**
   * A path segment carrying any bytes, percent-encoded: the UTF-8 of arbitrary text (up to 1,000
   * bytes: Netty refuses request lines over 4 KiB before the service sees them) or random bytes.
   */
  Gen<String> pathSegments() {
    Gen<byte[]> utf8 =
        FuzzValues.shortText()
            .filter(s -> !s.isEmpty())
            .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Gen<byte[]> bytes = Gen.bytes(1, 60);
    Gen<byte[]> long_ =
        FuzzValues.longText()
            .map(s -> s.substring(0, Math.min(s.length(), 300)).getBytes(StandardCharsets.UTF_8));
    return Gen.oneOf(utf8, bytes, long_)
        .map(b -> ServiceUnderFuzz.segment(java.util.Arrays.copyOf(b, Math.min(b.length, 1000))));
  }

  Gen<String> pathSegmentsAndNumbers() {
    return Gen.oneOf(
        pathSegments(),
        Gen.longs().map(String::valueOf),
        Gen.of("0", "1", "2", "-1", "99999999999999999999", "1e3", "0x1"));
  }

  // ---- the query log ----------------------------------------------------------------------

  private static java.util.Optional<String> queryId(Answer answer) {
    if (answer.queryIds() != null) {
      return java.util.Optional.of(answer.queryIds().split(",")[0].strip());
    }
    if (answer.contentType() != null && answer.contentType().contains("json")) {
      Map<String, Object> body = answer.json();
      Object id = answer.status() >= 400 ? body.get("queryId") : body.get("id");
      if (id instanceof String s) {
        return java.util.Optional.of(s);
      }
    }
    return java.util.Optional.empty();
  }

  /** The logged query holds the question, and the parameters the log keeps, exactly as sent. */
  private static boolean readsBack(String id, String question, Map<?, ?> sent) {
    Answer logged = wellFormed(service().send("GET", "/v1/queries/" + id, null, null), PROBLEM);
    assertThat(logged.status()).as("the logged query %s", id).isEqualTo(200);
    Map<String, Object> entry = logged.json();
    assertThat(entry.get("question")).as("the question of query %s", id).isEqualTo(question);
    for (String name : List.of("k", "maxTokens")) {
      if (sent.get(name) instanceof Integer value) {
        assertThat(entry.get(name)).as("%s of query %s", name, id).isEqualTo(value);
      }
    }
    if (sent.get("seed") instanceof Long seed) {
      assertThat(((Number) entry.get("seed")).longValue())
          .as("seed of query %s", id)
          .isEqualTo(seed);
    }
    if (sent.get("strategy") instanceof String strategy) {
      assertThat(entry.get("strategy")).as("strategy of query %s", id).isEqualTo(strategy);
    }
    if (entry.get("knobs") instanceof Map<?, ?> knobs) {
      if (sent.get("topP") instanceof Double topP) {
        assertThat(((Number) knobs.get("topP")).doubleValue()).as("topP of %s", id).isEqualTo(topP);
      }
      for (String name : List.of("maxExpertCalls", "activeExperts")) {
        if (sent.get(name) instanceof Integer value) {
          assertThat(knobs.get(name)).as("%s of query %s", name, id).isEqualTo(value);
        }
      }
    }
    return true;
  }
}
