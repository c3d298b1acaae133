package io.symposium.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import io.micrometer.core.instrument.MeterRegistry;
import io.symposium.orchestrator.SymposiumApplication;
import io.symposium.pool.ModelPool;
import io.symposium.pool.PoolQueues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch API with the official OpenAI Java SDK (unmodified, default settings) against the whole
 * service on the expert zoo: real llama.cpp workers, real PostgreSQL, a profile imported for a task
 * of its own.
 */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class BatchApiIT {

  static final String TASK = "batch-it-" + UUID.randomUUID().toString().substring(0, 8);
  static final String QUESTION = "What is 3 + 4? The options are: (A) 6 (B) 7 (C) 8 (D) 12";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("symposium.zoo.profile-on-start", () -> "false");
    registry.add("symposium.admin.password", () -> "pw");
    registry.add("symposium.routing.default-task", () -> TASK);
    // a plan per eight lines: the cancel test stops a batch of three plans after its first
    registry.add("symposium.batch.lines-per-plan", () -> "8");
    // room for two zoo models (25 to 33 MB each): a plan that asked a model again would reload it
    registry.add("symposium.pool.memory-budget", () -> "70MB");
  }

  @LocalServerPort int port;
  @Autowired ModelPool pool;
  @Autowired MeterRegistry meters;
  final JsonMapper json = JsonMapper.builder().build();
  OpenAIClient client;

  @BeforeAll
  void profile() {
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl("http://localhost:" + port + "/v1")
            .apiKey("unused")
            .build();
    WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .defaultHeaders(h -> h.setBasicAuth("admin", "pw"))
        .build()
        .post()
        .uri("/admin/api/profiles/import")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"task\": \""
                + TASK
                + "\", \"profiles\": {"
                + "\"expert-numbers\": {\"arithmetic\": 4, \"logic\": -1, \"geography\": -2},"
                + " \"expert-logic\": {\"arithmetic\": -1, \"logic\": 4, \"geography\": -1},"
                + " \"expert-facts\": {\"arithmetic\": -2, \"logic\": -1, \"geography\": 4},"
                + " \"generalist-large\": {\"arithmetic\": 2, \"logic\": 2, \"geography\": 1}}}")
        .exchange()
        .expectStatus()
        .isCreated();
  }

  static String chat(String customId, String model, String question, String extra) {
    return "{\"custom_id\": \""
        + customId
        + "\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"model\": \""
        + model
        + "\", \"messages\": [{\"role\": \"user\", \"content\": \""
        + question
        + "\"}]"
        + extra
        + "}}";
  }

  static String query(String customId, String question) {
    return "{\"custom_id\": \""
        + customId
        + "\", \"method\": \"POST\", \"url\": \"/v1/query\", \"body\": {\"question\": \""
        + question
        + "\", \"strategy\": \"all\"}}";
  }

  FileObject upload(List<String> lines) {
    return client
        .files()
        .create(
            FileCreateParams.builder()
                .file(String.join("\n", lines).getBytes(StandardCharsets.UTF_8))
                .purpose(FilePurpose.BATCH)
                .build());
  }

  Batch create(String fileId) {
    return client
        .batches()
        .create(
            BatchCreateParams.builder()
                .inputFileId(fileId)
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H)
                .build());
  }

  Batch await(String id, Predicate<Batch> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      Batch batch = client.batches().retrieve(id);
      if (done.test(batch)) {
        return batch;
      }
      Thread.sleep(100); // a poll, as a client does
    }
    throw new AssertionError("batch " + id + " did not get there within 5 minutes");
  }

  static boolean ended(Batch b) {
    return b.status().equals(Batch.Status.COMPLETED)
        || b.status().equals(Batch.Status.FAILED)
        || b.status().equals(Batch.Status.CANCELLED);
  }

  /** The file's lines by custom_id (a line without one under its id). */
  Map<String, JsonNode> download(String fileId) throws IOException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    try (InputStream body = client.files().content(fileId).body()) {
      for (String line : new String(body.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          JsonNode node = json.readTree(line);
          String key =
              node.get("custom_id").isNull()
                  ? node.get("id").asString()
                  : node.get("custom_id").asString();
          assertThat(out.put(key + (out.containsKey(key) ? "#2" : ""), node)).isNull();
        }
      }
    }
    return out;
  }

  @Test
  @Order(1) // first: the later tests' work must not be in its load history
  void sdk_uploadCreatePollDownload_everyLineAnsweredOnceAndEachModelLoadedOnce() throws Exception {
    List<String> history = pool.queues().loadHistory();
    int loadsBefore = history.size();
    FileObject file =
        upload(
            List.of(
                chat("routed", "symposium", QUESTION, ""),
                chat("direct", "generalist-small", QUESTION, ", \"max_tokens\": 12"),
                // the aggregator's own direct work runs last in the expert phase, beside synthesis
                chat("to-aggregator", "aggregator", QUESTION, ", \"max_tokens\": 8"),
                query(
                    "query",
                    "Evaluate not (False and False). The options are: (A) False (B) Never (C) True"
                        + " (D) Undefined"),
                "{\"custom_id\": \"broken\", \"method\": \"POST\", \"url\": ",
                chat("routed", "symposium", "A repeated custom_id is not run.", ""),
                chat("unknown", "no-such-model", QUESTION, "")));
    assertThat(file.purpose()).isEqualTo(FileObject.Purpose.BATCH);
    assertThat(client.files().retrieve(file.id()).bytes()).isEqualTo(file.bytes()).isPositive();

    Batch created = create(file.id());
    assertThat(created.status()).isIn(Batch.Status.VALIDATING, Batch.Status.IN_PROGRESS);
    Batch batch = await(created.id(), BatchApiIT::ended);

    assertThat(batch.status()).isEqualTo(Batch.Status.COMPLETED);
    assertThat(batch.requestCounts().orElseThrow().total()).isEqualTo(7);
    assertThat(batch.requestCounts().orElseThrow().completed()).isEqualTo(4);
    assertThat(batch.requestCounts().orElseThrow().failed()).isEqualTo(3);
    assertThat(batch.completedAt()).isPresent();

    Map<String, JsonNode> output = download(batch.outputFileId().orElseThrow());
    assertThat(output).containsOnlyKeys("routed", "direct", "to-aggregator", "query");
    output
        .values()
        .forEach(l -> assertThat(l.get("response").get("status_code").asInt()).isEqualTo(200));
    JsonNode routed = output.get("routed").get("response").get("body");
    assertThat(routed.get("object").asString()).isEqualTo("chat.completion");
    assertThat(routed.get("model").asString()).isEqualTo("symposium");
    assertThat(routed.get("choices").get(0).get("message").get("content").asString()).isNotBlank();
    assertThat(routed.get("symposium").get("experts").size()).isPositive();
    assertThat(routed.get("usage").get("completion_tokens").asInt()).isPositive();
    // the line's usage has the keyword model's calls that phase 1 made for it
    JsonNode routedCalls = routed.get("symposium").get("usage").get("calls");
    assertThat(routedCalls.get(0).get("role").asString()).isEqualTo("keywords");
    int promptTokens = 0;
    for (JsonNode call : routedCalls) {
      promptTokens += call.get("promptTokens").asInt();
    }
    assertThat(routed.get("usage").get("prompt_tokens").asInt()).isEqualTo(promptTokens);
    JsonNode direct = output.get("direct").get("response").get("body");
    assertThat(direct.get("model").asString()).isEqualTo("generalist-small");
    assertThat(direct.get("usage").get("completion_tokens").asInt()).isBetween(1, 12);
    JsonNode query = output.get("query").get("response").get("body");
    assertThat(query.get("finalAnswer").asString()).isNotBlank();
    assertThat(query.get("experts").size()).isPositive();

    Map<String, JsonNode> errors = download(batch.errorFileId().orElseThrow());
    assertThat(errors).hasSize(3);
    assertThat(errors.get("routed").get("error").get("code").asString())
        .isEqualTo("duplicate_custom_id");
    assertThat(errors.get("routed").get("response").isNull()).isTrue();
    assertThat(errors.get("unknown").get("response").get("status_code").asInt()).isEqualTo(404);
    assertThat(errors.get("unknown").get("error").get("code").asString())
        .isEqualTo("model_not_found");
    assertThat(
            errors.get("unknown").get("response").get("body").get("error").get("code").asString())
        .isEqualTo("model_not_found");
    JsonNode broken =
        errors.values().stream().filter(l -> l.get("custom_id").isNull()).findFirst().orElseThrow();
    assertThat(broken.get("error").get("code").asString()).isEqualTo("invalid_json");

    // the phased plan loads every model it needs once for the batch
    List<String> loads =
        pool.queues().loadHistory().subList(loadsBefore, pool.queues().loadHistory().size());
    assertThat(loads)
        .doesNotHaveDuplicates()
        .contains("keywords", "generalist-small", "aggregator")
        .contains("expert-numbers", "expert-logic", "expert-facts", "generalist-large");
    assertThat(loads.getFirst()).isEqualTo("keywords");
    assertThat(loads.getLast()).isEqualTo("aggregator");
    JsonValue extension = batch._additionalProperties().get("symposium");
    assertThat(extension).isNotNull();
    assertThat(
            json.readTree(json.writeValueAsString(extension.convert(Object.class)))
                .get("loads")
                .asInt())
        .isEqualTo(loads.size());
  }

  @Test
  void sdk_cancelMidBatch_cancelledWithTheLinesAnsweredSoFar() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      lines.add(
          chat(
              "c" + i,
              "symposium",
              "What is " + i + " + 2? The options are: (A) " + (i + 2) + " (B) 1 (C) 0 (D) 99",
              ", \"max_tokens\": 8"));
    }
    Batch created = create(upload(lines).id());
    await(created.id(), b -> b.requestCounts().map(c -> c.completed() > 0).orElse(false));

    Batch cancelling = client.batches().cancel(created.id());
    assertThat(cancelling.status()).isIn(Batch.Status.CANCELLING, Batch.Status.CANCELLED);
    Batch cancelled = await(created.id(), BatchApiIT::ended);

    assertThat(cancelled.status()).isEqualTo(Batch.Status.CANCELLED);
    long completed = cancelled.requestCounts().orElseThrow().completed();
    assertThat(completed).isPositive().isLessThan(24);
    assertThat(download(cancelled.outputFileId().orElseThrow())).hasSize((int) completed);
    // that nothing more is answered can only be seen over time: a second in which a late line
    // would have been written (a line takes well under that on the zoo)
    Thread.sleep(1000);
    assertThat(client.batches().retrieve(created.id()).requestCounts().orElseThrow().completed())
        .as("nothing is answered after the cancel")
        .isEqualTo(completed);
  }

  @Test
  void sdk_cancelDuringTheExpertPhase_phaseStopsAndTheLinesOfTheEarlierPlanStay() throws Exception {
    // the first plan: 8 routed lines; the later plans: direct lines to every zoo model, so that
    // their expert phase loads model after model (two fit the budget) and lasts seconds
    List<String> models =
        List.of(
            "expert-facts",
            "expert-logic",
            "expert-numbers",
            "expert-strings",
            "generalist-large",
            "generalist-small",
            "aggregator",
            "keywords");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String question =
          "What is " + (i + 30) + " - 1? The options are: (A) " + (i + 29) + " (B) 1 (C) 7";
      lines.add(
          chat(
              "e" + i,
              i < 8 ? "symposium" : models.get(i % models.size()),
              question,
              ", \"max_tokens\": 8"));
    }
    Batch created = create(upload(lines).id());
    // the second plan's expert phase: the first plan's 8 lines are done, none of the second's
    await(
        created.id(),
        b ->
            b.requestCounts().map(c -> c.completed() + c.failed() >= 8).orElse(false)
                && "experts".equals(phase(b)));
    PoolQueues atCancel = pool.queues();
    int started =
        atCancel.queues().values().stream().mapToInt(q -> q.waiting() + q.inFlight()).sum();
    long completedBefore = completedGenerations();

    client.batches().cancel(created.id());
    Batch cancelled = await(created.id(), BatchApiIT::ended);
    // the pool runs dry: the plan queued nothing more, and what it had queued was withdrawn
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (pool.queues().queues().values().stream().anyMatch(q -> q.waiting() + q.inFlight() > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(100); // a poll of the pool's queue view
    }

    assertThat(cancelled.status()).isEqualTo(Batch.Status.CANCELLED);
    assertThat(pool.queues().queues().values())
        .allMatch(q -> q.waiting() == 0 && q.inFlight() == 0);
    // no generation the plan had not started by the cancel ran after it (the later models' calls
    // would, and the current model's queued ones): at most those queued or running then finished
    assertThat(completedGenerations() - completedBefore).isLessThanOrEqualTo(started);
    var counts = cancelled.requestCounts().orElseThrow();
    assertThat(counts.completed() + counts.failed()).isEqualTo(8);
    Map<String, JsonNode> answered = new LinkedHashMap<>();
    if (cancelled.outputFileId().isPresent()) {
      answered.putAll(download(cancelled.outputFileId().get()));
    }
    if (cancelled.errorFileId().isPresent()) {
      answered.putAll(download(cancelled.errorFileId().get()));
    }
    // each line of the first plan once, in neither file twice, and none of the later lines
    assertThat(answered.keySet())
        .containsExactlyInAnyOrder("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7");
  }

  /** The phase of a batch's running plan, or null. */
  String phase(Batch batch) {
    JsonValue extension = batch._additionalProperties().get("symposium");
    if (extension == null) {
      return null;
    }
    JsonNode phase =
        json.readTree(json.writeValueAsString(extension.convert(Object.class))).get("phase");
    return phase == null || phase.isNull() ? null : phase.asString();
  }

  /** Generations the pool's models answered so far (its request timer, one per answer). */
  long completedGenerations() {
    return meters.find("symposium.pool.request.seconds").timers().stream()
        .mapToLong(io.micrometer.core.instrument.Timer::count)
        .sum();
  }

  @Test
  void sdk_badRequests_openAiErrorsThatNameTheParameter() {
    assertThatThrownBy(
            () ->
                client
                    .files()
                    .create(
                        FileCreateParams.builder()
                            .file("{}".getBytes(StandardCharsets.UTF_8))
                            .purpose(FilePurpose.FINE_TUNE)
                            .build()))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.getMessage()).contains("purpose"));
    assertThatThrownBy(() -> create("file-missing")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.batches().retrieve("batch_missing"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                client
                    .files()
                    .create(
                        FileCreateParams.builder()
                            .file("\n\n".getBytes(StandardCharsets.UTF_8))
                            .purpose(FilePurpose.BATCH)
                            .build()))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.getMessage()).contains("no line"));
  }

  @Test
  void files_deleted_goneAfterwards() {
    FileObject file = upload(List.of(query("q", QUESTION)));
    assertThat(client.files().delete(file.id()).deleted()).isTrue();
    assertThatThrownBy(() -> client.files().retrieve(file.id()))
        .isInstanceOf(NotFoundException.class);
  }
}
