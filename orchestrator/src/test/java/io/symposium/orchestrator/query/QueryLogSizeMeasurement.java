package io.symposium.orchestrator.query;

/**
 * Measures the query log's bytes per 100,000 answered queries (a program, run once; README
 * "Operations"): each query as the zoo answers one — a 120-char question, 5 skills, routing scores
 * for 6 experts, timings, a 200-char final answer and 3 expert answers of 200 chars — inserted into
 * a migrated PostgreSQL, then {@code pg_total_relation_size} (heap, TOAST and indexes) of both
 * tables.
 */
final class QueryLogSizeMeasurement {

  public static void main(String[] args) throws Exception {
    int queries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    try (MigratedDatabase database = MigratedDatabase.start()) {
      String routing =
          "'{\"experts\":[\"e1\",\"e3\",\"e5\"],\"scores\":['"
              + " || (SELECT string_agg(format('{\"model\":\"expert-%s\",\"suitability\":%s,"
              + "\"globalCompetence\":%s,\"weight\":%s,\"probability\":%s}', m, random(), random(),"
              + " random(), random()), ',') FROM generate_series(1, 6) m) || '],\"fallbacks\":[]}'";
      database
          .db
          .sql(
              "INSERT INTO query_log (id, question, task_format, strategy, k, seed, status,"
                  + " completed_at, skills, routing, final_answer, extracted_answer,"
                  + " aggregator_model, timings, instance_id) SELECT gen_random_uuid(),"
                  + " left(repeat(md5(g::text), 4), 120), 'multiple-choice', 'skill-accuracy', 3,"
                  + " g, 'answered', now(), '{\"raw\":[\"algebra\",\"arithmetic\",\"geography\","
                  + "\"capitals\",\"history\"],\"mapped\":[\"algebra\",\"arithmetic\","
                  + "\"geography\",\"capitals\",\"history\"]}'::jsonb, ("
                  + routing
                  + ")::jsonb, left(repeat(md5((g + 1)::text), 7), 200), 'B', 'aggregator',"
                  + " '{\"skillsMillis\":12,\"routingMillis\":0,\"expertsMillis\":420,"
                  + "\"aggregationMillis\":180,\"totalMillis\":615}'::jsonb, 'host:8080' FROM"
                  + " generate_series(1, "
                  + queries
                  + ") g")
          .then()
          .block();
      database
          .db
          .sql(
              "INSERT INTO query_expert_answers (query_id, position, model_id, status, answer,"
                  + " extracted_answer, prompt_tokens, completion_tokens, latency_ms) SELECT q.id,"
                  + " p, 'expert-' || p, 'answered', left(repeat(md5(q.id::text || p), 7), 200),"
                  + " 'B', 90, 40, 400 FROM query_log q, generate_series(0, 2) p")
          .then()
          .block();
      database.db.sql("VACUUM ANALYZE").then().block();
      for (String table : new String[] {"query_log", "query_expert_answers"}) {
        Long bytes =
            database
                .db
                .sql("SELECT pg_total_relation_size('" + table + "') AS n")
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
        System.out.printf(
            "%s: %,d bytes for %,d queries = %,d bytes per 100k%n",
            table, bytes, queries, bytes * 100_000L / queries);
      }
    }
  }
}
