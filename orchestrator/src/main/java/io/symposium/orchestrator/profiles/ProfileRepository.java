package io.symposium.orchestrator.profiles;

import io.symposium.orchestrator.database.Columns;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Profile versions and their scores in {@code profile_versions}, {@code profile_scores} and {@code
 * profile_model_stats}.
 */
@Repository
public class ProfileRepository {

  private final DatabaseClient db;
  private final TransactionalOperator tx;

  public ProfileRepository(DatabaseClient db, TransactionalOperator tx) {
    this.db = db;
    this.tx = tx;
  }

  /**
   * Stores a new version for {@code task} (version = last + 1) in one transaction; activates it
   * when asked, deactivating the previous active version.
   */
  public Mono<StoredProfiles> save(
      String task,
      String origin,
      @Nullable Long runId,
      @Nullable String aggregatorModel,
      Map<String, Map<String, Integer>> scores,
      Map<String, StoredProfiles.Accuracy> accuracy,
      Map<String, Integer> questions,
      boolean activate) {
    Mono<Long> work =
        db.sql(
                "SELECT COALESCE(MAX(version), 0) + 1 AS next FROM profile_versions WHERE task ="
                    + " :task")
            .bind("task", task)
            .map(row -> Columns.required(row, "next", Integer.class))
            .one()
            .flatMap(
                version -> {
                  var insert =
                      db.sql(
                              "INSERT INTO profile_versions (task, version, run_id, origin, active,"
                                  + " aggregator_model) VALUES (:task, :version, :run, :origin,"
                                  + " false, :aggregator) RETURNING id")
                          .bind("task", task)
                          .bind("version", version)
                          .bind("origin", origin);
                  insert =
                      runId == null
                          ? insert.bindNull("run", Long.class)
                          : insert.bind("run", runId);
                  insert =
                      aggregatorModel == null
                          ? insert.bindNull("aggregator", String.class)
                          : insert.bind("aggregator", aggregatorModel);
                  return insert.map(row -> Columns.required(row, "id", Long.class)).one();
                })
            .flatMap(
                id ->
                    insertScores(id, scores, questions)
                        .then(insertStats(id, accuracy))
                        .thenReturn(id))
            .flatMap(id -> activate ? activateLocked(task, id).thenReturn(id) : Mono.just(id));
    return tx.transactional(work).flatMap(this::find);
  }

  /**
   * One statement per model (arrays unnested by PostgreSQL): a profile of thousands of keywords
   * stores quickly.
   */
  private Mono<Void> insertScores(
      long id, Map<String, Map<String, Integer>> scores, Map<String, Integer> questions) {
    return Flux.fromIterable(scores.entrySet())
        .concatMap(
            model -> {
              List<Map.Entry<String, Integer>> entries = List.copyOf(model.getValue().entrySet());
              return db.sql(
                      "INSERT INTO profile_scores (profile_version_id, model_id, keyword, score,"
                          + " questions) SELECT :id, :model, k, s, q FROM"
                          + " unnest(CAST(:keywords AS TEXT[]), CAST(:scores AS INTEGER[]),"
                          + " CAST(:questions AS INTEGER[])) AS t(k, s, q)")
                  .bind("id", id)
                  .bind("model", model.getKey())
                  .bind("keywords", entries.stream().map(Map.Entry::getKey).toArray(String[]::new))
                  .bind("scores", entries.stream().map(Map.Entry::getValue).toArray(Integer[]::new))
                  // an imported version has no counts: the column stays null
                  .bind(
                      "questions",
                      entries.stream().map(e -> questions.get(e.getKey())).toArray(Integer[]::new))
                  .then();
            })
        .then();
  }

  private Mono<Void> insertStats(long id, Map<String, StoredProfiles.Accuracy> accuracy) {
    return Flux.fromIterable(accuracy.entrySet())
        .concatMap(
            e ->
                db.sql(
                        "INSERT INTO profile_model_stats (profile_version_id, model_id, answered,"
                            + " correct) VALUES (:id, :model, :answered, :correct)")
                    .bind("id", id)
                    .bind("model", e.getKey())
                    .bind("answered", e.getValue().answered())
                    .bind("correct", e.getValue().correct())
                    .then())
        .then();
  }

  /** Makes version {@code id} the active one of its task. */
  public Mono<StoredProfiles> activate(long id) {
    return tx.transactional(
            db.sql("SELECT task FROM profile_versions WHERE id = :id")
                .bind("id", id)
                .map(row -> Columns.required(row, "task", String.class))
                .one()
                .flatMap(task -> activateLocked(task, id)))
        .then(find(id));
  }

  private Mono<Void> activateLocked(String task, long id) {
    return db.sql(
            "UPDATE profile_versions SET active = false WHERE task = :task AND active AND id <>"
                + " :id")
        .bind("task", task)
        .bind("id", id)
        .then()
        .then(
            db.sql("UPDATE profile_versions SET active = true WHERE id = :id")
                .bind("id", id)
                .then());
  }

  /** The id of the task's active version, if it has one. */
  public Mono<Long> activeVersionId(String task) {
    return db.sql("SELECT id FROM profile_versions WHERE task = :task AND active")
        .bind("task", task)
        .map(row -> Columns.required(row, "id", Long.class))
        .one();
  }

  public Mono<StoredProfiles> active(String task) {
    return db.sql("SELECT id FROM profile_versions WHERE task = :task AND active")
        .bind("task", task)
        .map(row -> Columns.required(row, "id", Long.class))
        .one()
        .flatMap(this::find);
  }

  /** Every version, newest first, without scores. */
  public Flux<Map<String, Object>> versions() {
    return db.sql(
            "SELECT id, task, version, active, origin, aggregator_model, created_at FROM"
                + " profile_versions ORDER BY task, version DESC")
        .map(
            row -> {
              Map<String, Object> v = new HashMap<>();
              v.put("id", row.get("id", Long.class));
              v.put("task", row.get("task", String.class));
              v.put("version", row.get("version", Integer.class));
              v.put("active", row.get("active", Boolean.class));
              v.put("origin", row.get("origin", String.class));
              if (row.get("aggregator_model", String.class) != null) {
                v.put("aggregatorModel", row.get("aggregator_model", String.class));
              }
              v.put(
                  "createdAt",
                  Columns.required(row, "created_at", OffsetDateTime.class).toInstant().toString());
              return v;
            })
        .all();
  }

  public Mono<StoredProfiles> find(long id) {
    Mono<Map<String, Map<String, Integer>>> scores =
        db.sql("SELECT model_id, keyword, score FROM profile_scores WHERE profile_version_id = :id")
            .bind("id", id)
            .map(
                row ->
                    List.of(
                        row.get("model_id", String.class),
                        row.get("keyword", String.class),
                        String.valueOf(row.get("score", Integer.class))))
            .all()
            .collect(
                HashMap::new,
                (Map<String, Map<String, Integer>> map, List<String> r) ->
                    map.computeIfAbsent(r.get(0), m -> new HashMap<>())
                        .put(r.get(1), Integer.valueOf(r.get(2))));
    Mono<Map<String, StoredProfiles.Accuracy>> stats =
        db.sql(
                "SELECT model_id, answered, correct FROM profile_model_stats WHERE"
                    + " profile_version_id = :id")
            .bind("id", id)
            .map(
                row ->
                    Map.entry(
                        row.get("model_id", String.class),
                        new StoredProfiles.Accuracy(
                            Columns.required(row, "correct", Integer.class),
                            Columns.required(row, "answered", Integer.class))))
            .all()
            .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    // the same count for every model of a keyword: one row per keyword is enough
    Mono<Map<String, Integer>> questions =
        db.sql(
                "SELECT DISTINCT keyword, questions FROM profile_scores WHERE"
                    + " profile_version_id = :id AND questions IS NOT NULL")
            .bind("id", id)
            .map(
                row ->
                    Map.entry(
                        Columns.required(row, "keyword", String.class),
                        Columns.required(row, "questions", Integer.class)))
            .all()
            .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    return db.sql(
            "SELECT id, task, version, active, origin, aggregator_model, created_at FROM"
                + " profile_versions WHERE id = :id")
        .bind("id", id)
        .map(
            row ->
                new Object[] {
                  row.get("task", String.class),
                  row.get("version", Integer.class),
                  row.get("active", Boolean.class),
                  row.get("origin", String.class),
                  row.get("aggregator_model", String.class),
                  row.get("created_at", OffsetDateTime.class)
                })
        .one()
        .zipWith(Mono.zip(scores, stats, questions))
        .map(
            t -> {
              Object[] v = t.getT1();
              return new StoredProfiles(
                  id,
                  (String) v[0],
                  (Integer) v[1],
                  (Boolean) v[2],
                  (String) v[3],
                  (String) v[4],
                  t.getT2().getT1(),
                  t.getT2().getT2(),
                  t.getT2().getT3(),
                  ((OffsetDateTime) v[5]).toInstant());
            });
  }
}
