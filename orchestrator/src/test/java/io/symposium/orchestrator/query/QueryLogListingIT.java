package io.symposium.orchestrator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin UI's view of the query log on a real PostgreSQL: pages, the status filter, a record.
 */
final class QueryLogListingIT {

  static MigratedDatabase database;
  static QueryLogListing listing;
  static final UUID OLDEST = UUID.randomUUID();
  static final UUID MIDDLE = UUID.randomUUID();
  static final UUID NEWEST = UUID.randomUUID();
  static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

  @BeforeAll
  static void logThreeQueries() throws IOException {
    database = MigratedDatabase.start();
    listing = new QueryLogListing(database.db, JsonMapper.builder().build());
    insert(OLDEST, 0, "failed", null);
    insert(MIDDLE, 10, "answered", 1500L);
    insert(NEWEST, 20, "received", null);
    for (String[] e : new String[][] {{"1", "expert-b"}, {"0", "expert-a"}}) {
      database
          .db
          .sql(
              "INSERT INTO query_expert_answers (query_id, position, model_id, status, answer,"
                  + " prompt_tokens, completion_tokens, latency_ms) VALUES (:q, :p, :m,"
                  + " 'answered', 'B', 12, 3, 40)")
          .bind("q", MIDDLE)
          .bind("p", Integer.parseInt(e[0]))
          .bind("m", e[1])
          .then()
          .block();
    }
  }

  static void insert(UUID id, int secondsAfterT0, String status, Long tookMillis) {
    OffsetDateTime received = T0.plusSeconds(secondsAfterT0);
    var spec =
        database
            .db
            .sql(
                "INSERT INTO query_log (id, received_at, completed_at, question, strategy, status,"
                    + " routing, timings) VALUES (:id, :received, :completed, :question,"
                    + " 'skill-accuracy', :status, CAST(:routing AS JSONB), CAST(:timings AS"
                    + " JSONB))")
            .bind("id", id)
            .bind("received", received)
            .bind("question", "question " + secondsAfterT0)
            .bind("status", status)
            .bind("routing", "{\"experts\": [\"expert-a\", \"expert-b\"]}")
            .bind("timings", "{\"totalMillis\": 1500}");
    spec =
        tookMillis == null
            ? spec.bindNull("completed", OffsetDateTime.class)
            : spec.bind("completed", received.plusNanos(tookMillis * 1_000_000));
    spec.then().block();
  }

  @AfterAll
  static void stop() throws IOException {
    database.close();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> items(Map<String, Object> page) {
    return (List<Map<String, Object>>) page.get("items");
  }

  @Test
  void page_newestFirst_pagedWithTotal() {
    Map<String, Object> first = listing.page(0, 2, null).block();
    assertThat(first).containsEntry("total", 3L).containsEntry("page", 0).containsEntry("size", 2);
    assertThat(items(first)).extracting(i -> i.get("id")).containsExactly(NEWEST, MIDDLE);
    Map<String, Object> second = listing.page(1, 2, null).block();
    assertThat(items(second)).extracting(i -> i.get("id")).containsExactly(OLDEST);
  }

  @Test
  void page_answeredQuery_expertsInOrderAndLatency() {
    Map<String, Object> middle = items(listing.page(0, 10, "ANSWERED").block()).getFirst();
    assertThat(middle)
        .containsEntry("status", "ANSWERED")
        .containsEntry("experts", List.of("expert-a", "expert-b"))
        .containsEntry("latencyMillis", 1500L)
        .containsEntry("question", "question 10");
    Map<String, Object> newest = items(listing.page(0, 10, "received").block()).getFirst();
    assertThat(newest).containsEntry("experts", List.of()).containsEntry("latencyMillis", null);
  }

  @Test
  void page_statusFilter_onlyThatStatus() {
    Map<String, Object> failed = listing.page(0, 10, "failed").block();
    assertThat(failed).containsEntry("total", 1L);
    assertThat(items(failed)).extracting(i -> i.get("id")).containsExactly(OLDEST);
  }

  @Test
  void page_badArguments_invalidRequestNamingThem() {
    assertThatThrownBy(() -> listing.page(0, 0, null).block())
        .isInstanceOf(ApiProblemException.class)
        .hasMessageContaining("size 1 to 100");
    assertThatThrownBy(() -> listing.page(-1, 10, null).block())
        .isInstanceOf(ApiProblemException.class);
    assertThatThrownBy(() -> listing.page(0, 10, "lost").block())
        .isInstanceOfSatisfying(
            ApiProblemException.class,
            e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST))
        .hasMessageContaining("unknown status 'lost'");
  }

  @Test
  void record_wholeRowWithJsonColumnsAndExperts() {
    Map<String, Object> record = listing.record(MIDDLE).block();
    assertThat(record)
        .containsEntry("status", "ANSWERED")
        .containsEntry("strategy", "skill-accuracy")
        .containsEntry("routing", Map.of("experts", List.of("expert-a", "expert-b")))
        .containsEntry("timings", Map.of("totalMillis", 1500));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> experts = (List<Map<String, Object>>) record.get("experts");
    assertThat(experts).extracting(e -> e.get("model")).containsExactly("expert-a", "expert-b");
    assertThat(experts.getFirst())
        .containsEntry("promptTokens", 12)
        .containsEntry("completionTokens", 3);
    assertThat(listing.record(UUID.randomUUID()).blockOptional()).isEmpty();
  }
}
