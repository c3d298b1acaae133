package io.symposium.orchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the ITs that run the service as a real process (kill, restart) share. */
public final class ServiceProcesses {
  private ServiceProcesses() {}

  /** A port nothing listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The PID on the first line of PostgreSQL's lock file in {@code dataDir}, while there is one. */
  public static java.util.Optional<Long> postmasterPid(Path dataDir) throws IOException {
    Path lock = dataDir.resolve("postmaster.pid");
    if (!Files.exists(lock)) {
      return java.util.Optional.empty();
    }
    return Files.readAllLines(lock).stream().findFirst().map(String::strip).map(Long::parseLong);
  }

  /** The service's executable jar that {@code package} built into {@code target}. */
  public static Path execJar() {
    try (var files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no -exec.jar in target: run mvn package"))
          .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
