package io.symposium.evals.run;

/**
 * Hears a run's progress: {@code done} of {@code total} units of the named phase. The CLI prints
 * it; a server can stream it (calls come from pool threads, so an implementation must be quick).
 */
@FunctionalInterface
public interface ProgressListener {
  void progress(String phase, int done, int total);

  static ProgressListener none() {
    return (phase, done, total) -> {};
  }
}
