package io.symposium.evals.run;

import java.io.PrintStream;
import java.util.Locale;

/** A progress line on stderr: the phase, units done / total, and an ETA from the phase's rate. */
final class ConsoleProgress implements ProgressListener {
  private final PrintStream out;
  private String phase = "";
  private long phaseStart;
  private long lastPrint;

  ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void progress(String name, int done, int total) {
    long now = System.nanoTime();
    if (!name.equals(phase)) {
      if (!phase.isEmpty()) out.println();
      phase = name;
      phaseStart = now;
    }
    if (done < total && now - lastPrint < 200_000_000L) return; // at most five lines a second
    lastPrint = now;
    double seconds = (now - phaseStart) / 1e9;
    String eta =
        done == 0 ? "?" : String.format(Locale.ROOT, "%.0f s", seconds * (total - done) / done);
    out.printf(
        Locale.ROOT, "\r%-22s %6d / %-6d  %5.1f s  ETA %s   ", name, done, total, seconds, eta);
    if (done >= total) out.flush();
  }
}
