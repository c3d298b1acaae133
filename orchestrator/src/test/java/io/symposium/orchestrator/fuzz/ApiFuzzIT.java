package io.symposium.orchestrator.fuzz;

import static io.symposium.orchestrator.fuzz.FuzzValues.field;
import static io.symposium.orchestrator.fuzz.ServiceUnderFuzz.Dialect.OPENAI;
import static io.symposium.orchestrator.fuzz.ServiceUnderFuzz.Dialect.PROBLEM;
import static io.symposium.orchestrator.fuzz.ServiceUnderFuzz.wellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.fuzz.ServiceUnderFuzz.Answer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Arbitrary JSON and arbitrary Unicode at every field of every endpoint, native, OpenAI facade and
 * admin (issue 14): every answer is a 2xx or a 4xx with a problem body (OpenAI's error on the
 * facade), never a 5xx, and what the query log keeps of an accepted question reads back exactly.
 *
 * <p>The service has no models: a question is logged and then refused with a 409 (no profile), so
 * no try generates, and a profiling run is only ever sent a body validation must refuse. A failure
 * prints jqwik's seed; {@code @Property(seed = "…")} replays it.
 */
final class ApiFuzzIT {

  private static final int TRIES = 150;
  private static @Nullable ServiceUnderFuzz service;

  @BeforeContainer
  static void start() throws Exception {
    service = ServiceUnderFuzz.start();
  }

  @AfterContainer
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

  @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
  void query_anyBody_refusedCleanlyOrLoggedExactly(
      @ForAll("queryBodies") Object body,
      @ForAll JsonText.Strings strings,
      @ForAll("accepts") String accept) {
    Answer answer =
        wellFormed(
            service().send("POST", "/v1/query", JsonText.write(body, strings), accept), PROBLEM);
    boolean logged = false;
    if (body instanceof Map<?, ?> fields && fields.get("question") instanceof String question) {
      logged = queryId(answer).map(id -> readsBack(id, question, fields)).orElse(false);
    }
    Statistics.label("logged and read back").collect(logged);
    Statistics.label("logged and read back").coverage(c -> c.check(true).percentage(p -> p >= 5));
  }

  @Provide
  Arbitrary<Object> queryBodies() {
    Map<String, Arbitrary<Object>> fields = new LinkedHashMap<>();
    fields.put("question", field(FuzzValues.text()));
    // plausible values are valid ones (the corrupted fields bring the invalid), so that many
    // bodies are accepted and logged
    fields.put("k", field(Arbitraries.integers().between(1, 16)));
    fields.put("strategy", field(Arbitraries.of("symbolic-moe", "coe", "single", "all")));
    fields.put("seed", field(Arbitraries.longs()));
    fields.put("maxTokens", field(Arbitraries.integers().between(1, 8192)));
    fields.put("aggregation", field(Arbitraries.of("synthesis", "majority", "weighted")));
    fields.put("taskFormat", field(Arbitraries.of("multiple-choice", "integer", "free-text")));
    fields.put("task", field(Arbitraries.of("synth", "no-such-task", "fuzz-import")));
    fields.put("topP", FuzzValues.rarely(Arbitraries.doubles().between(0.01, 1)));
    fields.put("deterministic", FuzzValues.rarely(Arbitraries.of(true, false)));
    fields.put("maxExpertCalls", field(Arbitraries.integers().between(16, 64)));
    fields.put("activeExperts", field(Arbitraries.integers().between(1, 256)));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  @Provide
  Arbitrary<String> accepts() {
    return Arbitraries.frequency(
        Tuple.of(6, "application/json"),
        Tuple.of(2, "text/event-stream"),
        Tuple.of(1, "*/*"),
        Tuple.of(1, "text/html"));
  }

  @Property(tries = TRIES)
  void queryById_anyId_refusedCleanly(@ForAll("pathSegments") String id) {
    wellFormed(service().send("GET", "/v1/queries/" + id, null, null), PROBLEM);
  }

  @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
  void routeExplain_anyBody_refusedCleanlyOrExplained(
      @ForAll("explainBodies") Object body, @ForAll JsonText.Strings strings) {
    wellFormed(
        service().send("POST", "/admin/api/route/explain", JsonText.write(body, strings), null),
        PROBLEM);
  }

  @Provide
  Arbitrary<Object> explainBodies() {
    Map<String, Arbitrary<Object>> fields = new LinkedHashMap<>();
    fields.put("question", field(FuzzValues.text()));
    fields.put("task", field(Arbitraries.of("synth", "fuzz-import")));
    fields.put("keywords", field(FuzzValues.shortText().list().ofMaxSize(5)));
    fields.put("k", field(Arbitraries.integers().between(-2, 20)));
    fields.put("strategy", field(Arbitraries.of("symbolic-moe", "coe", "single", "all")));
    fields.put("seed", field(Arbitraries.longs()));
    fields.put("topP", field(Arbitraries.doubles().between(-0.5, 1.5)));
    fields.put("deterministic", field(Arbitraries.of(true, false)));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  // ---- OpenAI facade ----------------------------------------------------------------------

  @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
  void chat_anyBody_refusedCleanlyOrLoggedExactly(
      @ForAll("chatBodies") Object body, @ForAll JsonText.Strings strings) {
    Answer answer =
        wellFormed(
            service().send("POST", "/v1/chat/completions", JsonText.write(body, strings), null),
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
    Statistics.label("logged and read back").collect(logged);
    Statistics.label("logged and read back").coverage(c -> c.check(true).percentage(p -> p >= 5));
  }

  @Provide
  Arbitrary<Object> chatBodies() {
    Map<String, Arbitrary<Object>> message = new LinkedHashMap<>();
    message.put(
        "role",
        Arbitraries.frequency(
                Tuple.of(6, "user"),
                Tuple.of(1, "system"),
                Tuple.of(1, "assistant"),
                Tuple.of(1, "tool"))
            .map(Object.class::cast));
    message.put("content", FuzzValues.text().map(Object.class::cast));
    Map<String, Arbitrary<Object>> extension = new LinkedHashMap<>();
    extension.put("routing_top_p", FuzzValues.rarely(Arbitraries.doubles().between(0.01, 1)));
    extension.put("deterministic", FuzzValues.rarely(Arbitraries.of(true, false)));
    extension.put("max_expert_calls", field(Arbitraries.integers().between(3, 64)));
    extension.put("active_experts", field(Arbitraries.integers().between(1, 256)));
    Map<String, Arbitrary<Object>> fields = new LinkedHashMap<>();
    fields.put(
        "model",
        field(Arbitraries.frequency(Tuple.of(5, "symposium"), Tuple.of(1, "no-such-model"))));
    fields.put(
        "messages",
        FuzzValues.plainObject(message).list().ofMinSize(1).ofMaxSize(4).map(Object.class::cast));
    fields.put("max_tokens", field(Arbitraries.integers().between(1, 8192)));
    fields.put("max_completion_tokens", FuzzValues.rarely(Arbitraries.integers().between(1, 8192)));
    fields.put("temperature", field(Arbitraries.doubles().between(0, 5)));
    fields.put("top_p", field(Arbitraries.doubles().between(0.01, 1)));
    fields.put("seed", field(Arbitraries.longs().between(0, 4294967294L)));
    fields.put(
        "stop",
        FuzzValues.rarely(
            Arbitraries.oneOf(FuzzValues.text(), FuzzValues.text().list().ofMaxSize(18))));
    fields.put("stream", field(Arbitraries.of(true, false)));
    fields.put("stream_options", field(Arbitraries.just(Map.of("include_usage", true))));
    fields.put("symposium", field(FuzzValues.plainObject(extension)));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
  void completions_anyBody_refusedCleanlyOrLoggedExactly(
      @ForAll("completionBodies") Object body, @ForAll JsonText.Strings strings) {
    Answer answer =
        wellFormed(
            service().send("POST", "/v1/completions", JsonText.write(body, strings), null), OPENAI);
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
    Statistics.label("logged and read back").collect(logged);
    Statistics.label("logged and read back").coverage(c -> c.check(true).percentage(p -> p >= 5));
  }

  @Provide
  Arbitrary<Object> completionBodies() {
    Map<String, Arbitrary<Object>> fields = new LinkedHashMap<>();
    fields.put(
        "model",
        field(Arbitraries.frequency(Tuple.of(5, "symposium"), Tuple.of(1, "no-such-model"))));
    fields.put(
        "prompt",
        field(
            Arbitraries.frequencyOf(
                Tuple.of(3, FuzzValues.text()),
                Tuple.of(1, FuzzValues.text().list().ofMaxSize(4)))));
    fields.put("max_tokens", field(Arbitraries.integers().between(1, 8192)));
    fields.put("temperature", field(Arbitraries.doubles().between(0, 5)));
    fields.put("top_p", field(Arbitraries.doubles().between(0.01, 1)));
    fields.put("seed", field(Arbitraries.longs().between(0, 4294967294L)));
    fields.put("stop", field(FuzzValues.text()));
    fields.put("stream", field(Arbitraries.of(true, false)));
    // what the facade refuses by name, now and then
    fields.put("echo", FuzzValues.rarely(Arbitraries.of(true, false)));
    fields.put("logprobs", FuzzValues.rarely(Arbitraries.integers().between(0, 5)));
    fields.put("n", FuzzValues.rarely(Arbitraries.integers().between(0, 3)));
    fields.put("best_of", FuzzValues.rarely(Arbitraries.integers().between(0, 3)));
    fields.put("suffix", FuzzValues.rarely(FuzzValues.text()));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  @Property(tries = TRIES)
  void model_anyId_foundOrRefusedCleanly(@ForAll("pathSegments") String id) {
    wellFormed(service().send("GET", "/v1/models/" + id, null, null), OPENAI);
  }

  // ---- admin API --------------------------------------------------------------------------

  @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
  void addModel_anyBody_refusedCleanlyOrAddedAndRemoved(
      @ForAll("modelBodies") Object body, @ForAll JsonText.Strings strings) {
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
  }

  @Provide
  Arbitrary<Object> modelBodies() {
    Map<String, Arbitrary<Object>> fields = new LinkedHashMap<>();
    fields.put("id", field(FuzzValues.text()));
    fields.put("backend", field(Arbitraries.of("llama-cpp", "openai", "ollama", "gguf")));
    fields.put(
        "path",
        field(
            Arbitraries.oneOf(
                FuzzValues.text(), Arbitraries.of("models/x.gguf", "/etc/passwd", "../../x"))));
    fields.put(
        "baseUrl",
        field(
            Arbitraries.oneOf(
                FuzzValues.text(),
                Arbitraries.of("http://127.0.0.1:9/v1", "file:///etc", "http://[::1"))));
    fields.put("remoteName", field(FuzzValues.text()));
    fields.put("contextSize", field(Arbitraries.integers().between(-1, 1 << 20)));
    fields.put("parallelSlots", field(Arbitraries.integers().between(-1, 1000)));
    fields.put("threads", field(Arbitraries.integers().between(-1, 1000)));
    fields.put("tags", field(FuzzValues.shortText().list().ofMaxSize(4)));
    fields.put("pinned", field(Arbitraries.of(true, false)));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  @Property(tries = TRIES)
  void removeModel_anyId_refusedCleanly(@ForAll("pathSegments") String id) {
    wellFormed(service().send("DELETE", "/admin/api/models/" + id, null, null), PROBLEM);
  }

  @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
  void pinModel_anyIdAndBody_refusedCleanly(
      @ForAll("pathSegments") String id, @ForAll("pinBodies") Object body) {
    wellFormed(
        service()
            .send(
                "POST",
                "/admin/api/models/" + id + "/pin",
                JsonText.write(body, JsonText.Strings.RAW_UTF8),
                null),
        PROBLEM);
  }

  @Provide
  Arbitrary<Object> pinBodies() {
    return FuzzValues.body(FuzzValues.object(Map.of("pinned", field(Arbitraries.of(true, false)))));
  }

  @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
  void importProfiles_anyBody_refusedCleanlyOrStored(
      @ForAll("importBodies") Object body, @ForAll JsonText.Strings strings) {
    wellFormed(
        service().send("POST", "/admin/api/profiles/import", JsonText.write(body, strings), null),
        PROBLEM);
  }

  @Provide
  Arbitrary<Object> importBodies() {
    Arbitrary<Object> scores =
        Arbitraries.maps(FuzzValues.text(), field(Arbitraries.integers().between(-50, 50)))
            .ofMaxSize(4)
            .map(Object.class::cast);
    Map<String, Arbitrary<Object>> fields = new LinkedHashMap<>();
    // a task of its own: an imported profile must never route the other tries' questions
    fields.put("task", field(Arbitraries.just("fuzz-import")));
    fields.put("profiles", field(Arbitraries.maps(FuzzValues.text(), field(scores)).ofMaxSize(3)));
    fields.put("activate", field(Arbitraries.of(true, false)));
    return FuzzValues.body(FuzzValues.object(fields));
  }

  @Property(tries = TRIES)
  void activateProfile_anyId_refusedCleanlyOrActivated(
      @ForAll("pathSegmentsAndNumbers") String id) {
    wellFormed(
        service().send("POST", "/admin/api/profiles/" + id + "/activate", null, null), PROBLEM);
  }

  @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
  void startProfilingRun_bodyValidationRefuses_refusedCleanly(
      @ForAll("refusedRunBodies") Object body, @ForAll JsonText.Strings strings) {
    Answer answer =
        wellFormed(
            service().send("POST", "/admin/api/profiles/runs", JsonText.write(body, strings), null),
            PROBLEM);
    assertThat(answer.status())
        .as("a run body that must be refused: %s", answer.request())
        .isBetween(400, 499);
  }

  /**
   * Run bodies with every field fuzzed but a validation file that cannot exist (or is no string),
   * so that no try starts a profiling run.
   */
  @Provide
  Arbitrary<Object> refusedRunBodies() {
    Map<String, Arbitrary<Object>> fields = new LinkedHashMap<>();
    fields.put("task", field(Arbitraries.of("synth", "fuzz-run")));
    fields.put(
        "validationFile",
        Arbitraries.oneOf(
            FuzzValues.shortText().map(s -> (Object) ("/nonexistent-fuzz/" + s)),
            FuzzValues.scalar().filter(v -> !(v instanceof String)),
            Arbitraries.just(FuzzValues.Absent.FIELD)));
    fields.put("experts", field(FuzzValues.shortText().list().ofMaxSize(3)));
    fields.put("keywordModel", field(FuzzValues.text()));
    fields.put("aggregators", field(FuzzValues.shortText().list().ofMaxSize(3)));
    fields.put("limit", field(Arbitraries.integers().between(-1, 10)));
    return FuzzValues.object(fields);
  }

  @Property(tries = TRIES)
  void profilingRun_anyId_refusedCleanly(@ForAll("pathSegmentsAndNumbers") String id) {
    wellFormed(service().send("GET", "/admin/api/profiles/runs/" + id, null, null), PROBLEM);
  }

  @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
  void createApiKey_anyBody_refusedCleanlyOrCreatedAndRevoked(
      @ForAll("keyBodies") Object body, @ForAll JsonText.Strings strings) {
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
  }

  @Provide
  Arbitrary<Object> keyBodies() {
    return FuzzValues.body(FuzzValues.object(Map.of("name", field(FuzzValues.text()))));
  }

  @Property(tries = TRIES)
  void revokeApiKey_anyId_refusedCleanly(@ForAll("pathSegments") String id) {
    wellFormed(service().send("DELETE", "/admin/api/keys/" + id, null, null), PROBLEM);
  }

  // ---- every body endpoint, raw bytes -----------------------------------------------------

  @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
  void anyBodyEndpoint_arbitraryBytes_refusedCleanly(
      @ForAll("bodyEndpoints") String endpoint, @ForAll("rawBodies") byte[] body) {
    wellFormed(
        service().send("POST", endpoint, body, null),
        endpoint.startsWith("/v1/c") ? OPENAI : PROBLEM);
  }

  @Provide
  Arbitrary<String> bodyEndpoints() {
    return Arbitraries.of(
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
  @Provide
  Arbitrary<byte[]> rawBodies() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> cut =
        FuzzValues.json()
            .map(v -> JsonText.write(v, JsonText.Strings.RAW_UTF8))
            .flatMap(
                b ->
                    Arbitraries.integers()
                        .between(0, b.length)
                        .map(n -> java.util.Arrays.copyOf(b, n)));
    Arbitrary<byte[]> spliced =
        net.jqwik.api.Combinators.combine(FuzzValues.invalidUtf8(), FuzzValues.shortText())
            .as(
                (bad, text) -> {
                  byte[] head = "{\"question\": \"".getBytes(StandardCharsets.UTF_8);
                  byte[] middle = text.getBytes(StandardCharsets.UTF_8);
                  byte[] tail =
                      "\", \"model\": \"symposium\", \"prompt\": \"x\"}"
                          .getBytes(StandardCharsets.UTF_8);
                  var out = new java.io.ByteArrayOutputStream();
                  out.writeBytes(head);
                  out.writeBytes(middle);
                  out.writeBytes(bad.bytes());
                  out.writeBytes(tail);
                  return out.toByteArray();
                });
    return Arbitraries.oneOf(random, cut, spliced);
  }

  // ---- paths ------------------------------------------------------------------------------

  /**
   * A path segment carrying any bytes, percent-encoded: the UTF-8 of arbitrary text (up to 1,000
   * bytes: Netty refuses request lines over 4 KiB before the service sees them) or random bytes.
   */
  @Provide
  Arbitrary<String> pathSegments() {
    Arbitrary<byte[]> utf8 =
        FuzzValues.shortText()
            .filter(s -> !s.isEmpty())
            .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(60);
    Arbitrary<byte[]> long_ =
        FuzzValues.longText()
            .map(s -> s.substring(0, Math.min(s.length(), 300)).getBytes(StandardCharsets.UTF_8));
    return Arbitraries.oneOf(utf8, bytes, long_)
        .map(b -> ServiceUnderFuzz.segment(java.util.Arrays.copyOf(b, Math.min(b.length, 1000))));
  }

  @Provide
  Arbitrary<String> pathSegmentsAndNumbers() {
    return Arbitraries.oneOf(
        pathSegments(),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.of("0", "1", "2", "-1", "99999999999999999999", "1e3", "0x1"));
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
