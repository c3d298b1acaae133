package io.symposium.pool.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Waits, before a timed section, for the machine's two shared cores to be quiet
 * (research/llamacpp-java.md §3: other engineers' builds run here).
 *
 * <p>It prints /proc/loadavg and waits while the 1-minute load is above 1.0, up to a minute. The
 * load average alone cannot be the test: it decays over minutes, so the benchmark's own previous
 * section (two busy threads) keeps it near 2 long after it ended. So the wait also ends as soon as
 * the CPU time that others use, sampled from /proc/stat over one second while this program is idle,
 * falls below a quarter of the machine.
 */
final class QuietMachine {
  private static final double LOAD_LIMIT = 1.0;
  private static final double BUSY_LIMIT = 0.25;

  /**
   * At most a minute, or {@code -Dbench.quiet.max-wait-s} (a lent GPU machine, whose device time
   * counts, has no neighbours to wait for).
   */
  private static final long MAX_WAIT_SECONDS = Long.getLong("bench.quiet.max-wait-s", 60);

  private final PrintStream out;

  QuietMachine(PrintStream out) {
    this.out = out;
  }

  /**
   * Prints the load, then waits (at most MAX_WAIT_SECONDS) until the machine is quiet enough to
   * time.
   */
  void awaitQuiet() {
    String load = loadavg();
    long start = System.nanoTime();
    double busy = busyShare();
    while (load1(load) > LOAD_LIMIT
        && busy >= BUSY_LIMIT
        && System.nanoTime() - start < MAX_WAIT_SECONDS * 1_000_000_000L) {
      sleep(4000);
      load = loadavg();
      busy = busyShare();
    }
    long waited = (System.nanoTime() - start) / 1_000_000_000L;
    out.printf(
        "_/proc/loadavg: %s; CPU busy (others, 1 s sample): %.0f %%; waited %d s%s_%n%n",
        load,
        busy * 100,
        waited,
        waited >= MAX_WAIT_SECONDS
            ? " (gave up waiting: timings below ran on a busy machine)"
            : "");
  }

  static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/loadavg", e);
    }
  }

  private static double load1(String loadavg) {
    return Double.parseDouble(loadavg.split(" ")[0]);
  }

  /** Share of all CPUs busy (not idle, not iowait) over one second. */
  static double busyShare() {
    long[] a = cpuTimes();
    sleep(1000);
    long[] b = cpuTimes();
    long total = b[0] - a[0];
    long idle = b[1] - a[1];
    return total <= 0 ? 0 : (double) (total - idle) / total;
  }

  /** {total, idle + iowait} jiffies from the first line of /proc/stat. */
  private static long[] cpuTimes() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      long total = 0;
      for (int i = 1;
          i < Math.min(f.length, 9);
          i++) { // user … steal; guest is already counted in user
        total += Long.parseLong(f[i]);
      }
      return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/stat", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(
          millis); // a benchmark program waiting for other jobs to finish, not a test: real time is
      // the point
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
