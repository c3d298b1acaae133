package io.symposium.orchestrator.query;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;

/**
 * This service process as the query log knows it.
 *
 * @param id names the instance across restarts ({@code symposium.instance-id}; by default host name
 *     and HTTP port), so that after a crash it finds its own unfinished queries; two live instances
 *     on one database must have different ids
 * @param startedAt when this run of the instance started: queries it received earlier belong to an
 *     earlier run
 */
public record ServiceInstance(String id, Instant startedAt) {

  public ServiceInstance {
    if (id.isBlank() || id.length() > 200) {
      throw new IllegalArgumentException(
          "symposium.instance-id must be 1 to 200 characters, got '" + id + "'");
    }
  }

  /** This process, named {@code configured} or, when that is blank, by host and port. */
  static ServiceInstance current(String configured, int port) {
    String id = configured.isBlank() ? hostName() + ":" + port : configured.strip();
    // created before the web server starts, so every query of this run is received later (the
    // process start time is only as precise as the kernel's boot time, a whole second)
    return new ServiceInstance(id, Instant.now());
  }

  private static String hostName() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
