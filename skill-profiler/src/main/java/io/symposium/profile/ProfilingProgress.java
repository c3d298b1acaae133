package io.symposium.profile;

/**
 * How far a long run (profiling, aggregator benchmark) has got in one of its phases. Phases may run
 * at the same time, each counting towards its own total.
 *
 * @param phase what is being counted
 * @param done units finished in that phase
 * @param total units the phase has in all
 */
public record ProfilingProgress(Phase phase, int done, int total) {

  public ProfilingProgress {
    if (done < 0 || total < 0 || done > total) {
      throw new IllegalArgumentException(
          "progress needs 0 <= done <= total, got %d/%d".formatted(done, total));
    }
  }

  /** The parts of a run. */
  public enum Phase {
    /** Validation questions annotated with keywords. */
    KEYWORDS,
    /** Expert answers generated and graded (questions × experts). */
    ANSWERS,
    /** Aggregations run in an aggregator benchmark (questions × candidate aggregators). */
    AGGREGATIONS,
    /** The run is complete and its result assembled; done = total = 1. */
    FINISHED
  }

  public boolean complete() {
    return done == total;
  }

  public double fraction() {
    return total == 0 ? 1 : (double) done / total;
  }
}
