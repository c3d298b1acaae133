package io.symposium.orchestrator.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a data directory safe to start the embedded PostgreSQL on, after a service that used it was
 * killed (SIGKILL, an OOM kill, a power cut).
 *
 * <p>Each service that starts a server writes an owner file beside the data directory: its own PID
 * and start time. Before the next start, the guard reads PostgreSQL's {@code postmaster.pid}:
 *
 * <ul>
 *   <li>no lock file, or one whose PID is not running: nothing to do (PostgreSQL clears a lock of a
 *       dead process by its own rules);
 *   <li>the PID runs but is not a postgres on this directory (the PID was reused): the lock is
 *       stale, but PostgreSQL would refuse it, so the guard removes it;
 *   <li>a postgres runs on this directory and its owner is dead: an orphan of ours, stopped with a
 *       smart shutdown (all it can have lost is the dead service's connections);
 *   <li>a postgres runs on it and its owner lives, or it has no owner file: it belongs to someone
 *       else, and the start is refused with one line that names the process.
 * </ul>
 */
final class DataDirectoryGuard {

  private static final Logger log = LoggerFactory.getLogger(DataDirectoryGuard.class);

  /** How long an orphan gets for a clean shutdown before it is killed. */
  static final Duration ORPHAN_SHUTDOWN = Duration.ofSeconds(30);

  private final Path dataDir;

  DataDirectoryGuard(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** The file naming the service that started the server on {@code dataDir}. */
  Path ownerFile() {
    return dataDir.resolveSibling(dataDir.getFileName() + ".owner");
  }

  /**
   * Clears what a killed service left on the data directory.
   *
   * @throws DataDirectoryInUseException if a live server that is not an orphan of ours uses it
   */
  void prepare() {
    Path lockFile = dataDir.resolve("postmaster.pid");
    Optional<Long> lockPid = lockPid(lockFile);
    if (lockPid.isEmpty()) {
      return;
    }
    long pid = lockPid.get();
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return; // a dead process's lock: PostgreSQL itself takes it over
    }
    if (!isPostgresOn(process.get(), dataDir)) {
      log.warn(
          "removing the stale lock {} of the embedded PostgreSQL: its PID {} now belongs to an"
              + " unrelated process",
          lockFile,
          pid);
      delete(lockFile);
      return;
    }
    Owner owner = Owner.read(ownerFile());
    if (owner == null) {
      throw new DataDirectoryInUseException(
          ("The embedded PostgreSQL data directory %s is in use by PostgreSQL process %d, which no"
                  + " Symposium service started: stop it, or set symposium.db.embedded.data-dir to"
                  + " another directory.")
              .formatted(dataDir, pid));
    }
    if (owner.isAlive()) {
      throw new DataDirectoryInUseException(
          ("The embedded PostgreSQL data directory %s is in use by the Symposium service with PID"
                  + " %d (its PostgreSQL is process %d): stop that service, or set"
                  + " symposium.db.embedded.data-dir to another directory.")
              .formatted(dataDir, owner.pid(), pid));
    }
    stopOrphan(process.get(), owner);
  }

  /** Records this JVM as the owner of the server it just started. */
  void claim() {
    ProcessHandle self = ProcessHandle.current();
    Instant started = self.info().startInstant().orElse(Instant.EPOCH);
    try {
      Files.writeString(
          ownerFile(), self.pid() + "\n" + started.toEpochMilli() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + ownerFile(), e);
    }
  }

  /** Forgets the owner once its server has stopped. */
  void release() {
    delete(ownerFile());
  }

  private void stopOrphan(ProcessHandle postmaster, Owner owner) {
    log.warn(
        "stopping the embedded PostgreSQL (PID {}) on {} left running by the Symposium service"
            + " with PID {}, which is gone",
        postmaster.pid(),
        dataDir,
        owner.pid());
    postmaster.destroy(); // SIGTERM: PostgreSQL's smart shutdown, checkpoint included
    try {
      postmaster.onExit().get(ORPHAN_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      log.warn(
          "the orphaned PostgreSQL did not stop in {}; killing it (its WAL is replayed at start)",
          ORPHAN_SHUTDOWN);
      postmaster.destroyForcibly();
      postmaster.onExit().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not wait for the orphaned PostgreSQL", e);
    }
  }

  /** The PID on the first line of {@code postmaster.pid}; empty when there is no usable one. */
  static Optional<Long> lockPid(Path lockFile) {
    try {
      List<String> lines = Files.readAllLines(lockFile, StandardCharsets.UTF_8);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // unreadable or half-written: PostgreSQL judges it itself
    }
  }

  /** Whether {@code process} is a postgres server whose {@code -D} is {@code dataDir}. */
  static boolean isPostgresOn(ProcessHandle process, Path dataDir) {
    ProcessHandle.Info info = process.info();
    String command = info.command().orElse("");
    if (!command.endsWith("/postgres") && !command.equals("postgres")) {
      return false;
    }
    String[] args = info.arguments().orElse(new String[0]);
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("-D") && sameDirectory(Path.of(args[i + 1]), dataDir)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameDirectory(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + file, e);
    }
  }

  /** The service that started a server: its PID and start time, which tell it from a reused PID. */
  record Owner(long pid, long startedMillis) {

    static @Nullable Owner read(Path file) {
      try {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return new Owner(
            Long.parseLong(lines.get(0).strip()), Long.parseLong(lines.get(1).strip()));
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    boolean isAlive() {
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          // the start time tells the owner from a process that got its PID later
          .map(
              p ->
                  Math.abs(
                          p.info().startInstant().map(Instant::toEpochMilli).orElse(0L)
                              - startedMillis)
                      < 1000)
          .orElse(false);
    }
  }
}
