package io.symposium.orchestrator.database;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded PostgreSQL soon after this JVM dies without stopping it (SIGKILL, an OOM
 * kill), so no server outlives the service for long.
 *
 * <p>The watchdog is a small shell process, not a thread: a thread dies with the JVM. It polls the
 * JVM's PID once a second and, once the JVM is gone, asks the server for a fast shutdown (SIGINT)
 * if the data directory's lock file still names that server. A service that stops normally stops
 * its watchdog first.
 */
final class PostgresWatchdog {

  private static final Logger log = LoggerFactory.getLogger(PostgresWatchdog.class);

  private final @Nullable Process process;

  private PostgresWatchdog(@Nullable Process process) {
    this.process = process;
  }

  /** Watches this JVM on behalf of the server whose lock is in {@code dataDir}. */
  static PostgresWatchdog start(Path dataDir, long postmasterPid) {
    String lock = dataDir.resolve("postmaster.pid").toString().replace("'", "'\\''");
    String script =
        ("while kill -0 %d 2>/dev/null; do sleep 1; done;"
                + " if [ \"$(head -n 1 '%s' 2>/dev/null)\" = \"%d\" ]; then kill -INT %d; fi")
            .formatted(ProcessHandle.current().pid(), lock, postmasterPid, postmasterPid);
    try {
      Process watchdog =
          new ProcessBuilder(List.of("/bin/sh", "-c", script))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      return new PostgresWatchdog(watchdog);
    } catch (IOException e) {
      // without /bin/sh the start-up guard still recovers the next start
      log.warn(
          "no watchdog for the embedded PostgreSQL ({}): a killed service leaves it running",
          e.getMessage());
      return new PostgresWatchdog(null);
    }
  }

  /** No watchdog (the server's PID is unknown): the start-up guard still recovers a later start. */
  static PostgresWatchdog none() {
    return new PostgresWatchdog(null);
  }

  /** The watchdog's PID, for tests; -1 when none could be started. */
  long pid() {
    return process == null ? -1 : process.pid();
  }

  void stop() {
    if (process != null) {
      process.destroy();
    }
  }
}
