package io.symposium.orchestrator.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded PostgreSQL servers of this JVM, one per data directory, shared by reference count.
 *
 * <p>Several application contexts can live in one JVM (Spring's test context cache does exactly
 * that); two postmasters must never open the same data directory, so a second context asking for
 * the same directory gets the running server and the last one to release it stops it.
 */
final class EmbeddedPostgresServers {

  private static final Map<Path, Running> RUNNING = new HashMap<>();

  private EmbeddedPostgresServers() {}

  /** A running server, what guards it, and the number of contexts using it. */
  private static final class Running {
    final EmbeddedPostgres server;
    final DataDirectoryGuard guard;
    final PostgresWatchdog watchdog;
    int users;

    Running(EmbeddedPostgres server, DataDirectoryGuard guard, PostgresWatchdog watchdog) {
      this.server = server;
      this.guard = guard;
      this.watchdog = watchdog;
    }

    void stop() throws IOException {
      watchdog.stop(); // first: it must not signal a server that is stopping normally
      server.close();
      guard.release();
    }
  }

  /** One context's use of a server; {@link #release()} is idempotent. */
  public static final class Lease {
    private final Path dataDir;
    private final int port;
    private boolean released;

    private Lease(Path dataDir, int port) {
      this.dataDir = dataDir;
      this.port = port;
    }

    int port() {
      return port;
    }

    public void release() {
      synchronized (RUNNING) {
        if (released) {
          return;
        }
        released = true;
        Running running = RUNNING.get(dataDir);
        if (running != null && --running.users == 0) {
          RUNNING.remove(dataDir);
          try {
            running.stop();
          } catch (IOException e) {
            throw new UncheckedIOException(
                "could not stop the embedded PostgreSQL in " + dataDir, e);
          }
        }
      }
    }
  }

  static Lease acquire(Path dataDir, int port, Duration startupTimeout) {
    synchronized (RUNNING) {
      Running running = RUNNING.get(dataDir);
      if (running == null) {
        running = start(dataDir, port, startupTimeout);
        RUNNING.put(dataDir, running);
      }
      running.users++;
      return new Lease(dataDir, running.server.getPort());
    }
  }

  private static Running start(Path dataDir, int port, Duration startupTimeout) {
    // initdb and postgres write to this file: logging is not up yet when the environment is
    // prepared, so without it a failure would show only "Process [initdb] failed".
    Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    DataDirectoryGuard guard = new DataDirectoryGuard(dataDir);
    // a killed service's server (or its lock) must not block this start; another's is refused
    guard.prepare();
    try {
      Files.createDirectories(dataDir);
      var builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              // zonky's own JVM hook would stop the server while the context's graceful shutdown
              // still records its queries; the context stops it last, the watchdog if the JVM dies
              .setRegisterShutdownHook(false)
              .setPGStartupWait(startupTimeout)
              .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres server = builder.start();
      guard.claim();
      long postmaster = DataDirectoryGuard.lockPid(dataDir.resolve("postmaster.pid")).orElse(-1L);
      PostgresWatchdog watchdog =
          postmaster > 0 ? PostgresWatchdog.start(dataDir, postmaster) : PostgresWatchdog.none();
      return new Running(server, guard, watchdog);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "could not start the embedded PostgreSQL in %s: %s. Its output is in %s%s. To use a PostgreSQL server instead, set symposium.db.url (SYMPOSIUM_DB_URL), symposium.db.username and symposium.db.password."
              .formatted(dataDir, e.getMessage(), log, lastLines(log)),
          e);
    }
  }

  private static String lastLines(Path log) {
    try {
      var lines = Files.readAllLines(log);
      return lines.isEmpty()
          ? ""
          : ", ending with:\n  "
              + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** For diagnostics and tests: how many contexts use the server of this data directory. */
  static int users(Path dataDir) {
    synchronized (RUNNING) {
      Running running = RUNNING.get(dataDir);
      return running == null ? 0 : running.users;
    }
  }

  static Map<Path, Integer> snapshot() {
    synchronized (RUNNING) {
      Map<Path, Integer> users = new HashMap<>();
      RUNNING.forEach((dir, running) -> users.put(dir, running.users));
      return users;
    }
  }
}
