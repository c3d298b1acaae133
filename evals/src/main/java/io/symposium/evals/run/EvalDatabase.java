package io.symposium.evals.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Which database the CLI stores a run in: the one {@code --db} names; by default ({@code auto}) the
 * service's embedded PostgreSQL when it is running on {@code data/postgres} (the directory the
 * README's start command uses) and has the eval tables; else none, and the run is files only.
 */
final class EvalDatabase {
  static final Path EMBEDDED_DATA_DIR = Path.of("data/postgres");

  private EvalDatabase() {}

  /** The store for this run, or null when it is files only. */
  static @Nullable EvalStore open(EvalArguments.Target target, EvalSettings settings) {
    String url = target.db();
    if (url.equals("none")) return null;
    if (url.equals("auto")) {
      Optional<String> embedded = embeddedUrl(EMBEDDED_DATA_DIR);
      if (embedded.isEmpty() || !hasEvalTables(embedded.get(), "postgres", "")) {
        if (target.runId() != null)
          throw new EvalArguments.UsageException(
              "--run-id needs a database: give --db, or start the service");
        System.err.println(
            "note: no database (the service's embedded PostgreSQL is not running, give --db"
                + " jdbc:postgresql://...); the run is written to files only");
        return null;
      }
      return EvalStore.open(embedded.get(), "postgres", "", runId(target), request(settings));
    }
    return EvalStore.open(
        url, target.dbUser(), target.dbPassword(), runId(target), request(settings));
  }

  private static UUID runId(EvalArguments.Target target) {
    return target.runId() != null ? target.runId() : UUID.randomUUID();
  }

  /** The JDBC URL of the embedded server running on {@code dataDir}, read from its lock file. */
  static Optional<String> embeddedUrl(Path dataDir) {
    try {
      // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, …
      List<String> lines =
          Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
      if (lines.size() < 4) return Optional.empty();
      int port = Integer.parseInt(lines.get(3).strip());
      return Optional.of("jdbc:postgresql://localhost:" + port + "/postgres");
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean hasEvalTables(String url, String user, String password) {
    try (Connection c = DriverManager.getConnection(url, user, password);
        var s = c.createStatement();
        var r = s.executeQuery("SELECT to_regclass('eval_items') IS NOT NULL")) {
      return r.next() && r.getBoolean(1);
    } catch (SQLException e) {
      return false;
    }
  }

  /** What the run was asked, as the service's request column holds it. */
  static ObjectNode request(EvalSettings s) {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("dataset", s.dataset());
    s.methods().forEach(o.putArray("methods")::add);
    s.seeds().forEach(o.putArray("seeds")::add);
    o.put("limit", s.limit()).put("source", "cli");
    return o;
  }
}
