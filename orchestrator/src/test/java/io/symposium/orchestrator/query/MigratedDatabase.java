package io.symposium.orchestrator.query;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.flywaydb.core.Flyway;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * A real PostgreSQL with the service's migrations applied, reached as the repositories reach it,
 * for tests of database code without an application context.
 */
final class MigratedDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  final DatabaseClient db;
  final TransactionalOperator tx;

  private MigratedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    var connections =
        new PostgresqlConnectionFactory(
            PostgresqlConnectionConfiguration.builder()
                .host("localhost")
                .port(postgres.getPort())
                .username("postgres")
                .database("postgres")
                .build());
    this.db = DatabaseClient.create(connections);
    this.tx = TransactionalOperator.create(new R2dbcTransactionManager(connections));
  }

  static MigratedDatabase start() throws IOException {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
    return new MigratedDatabase(postgres);
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
