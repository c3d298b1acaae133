package io.symposium.evals.run;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Command line: runs every method on the zoo benchmark or a benchmark file through the real pool
 * and writes the report ({@link EvalArguments#USAGE}). Exit codes: 0 done, 2 bad arguments, 1 the
 * run failed.
 */
public final class RunEvals {
  private RunEvals() {}

  public static void main(String[] args) {
    EvalSettings settings;
    try {
      settings = EvalArguments.parse(args);
    } catch (EvalArguments.UsageException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(EvalArguments.USAGE);
      System.exit(2);
      return;
    }
    try {
      EvalRun run = Evaluation.run(settings, new ConsoleProgress(System.err));
      System.err.println();
      Path report = RunWriter.write(run, settings.out());
      System.out.println(ResultsTable.markdown(run));
      System.out.printf(Locale.ROOT, "report: %s%n", report.toAbsolutePath());
      System.exit(0);
    } catch (RuntimeException e) {
      System.err.println();
      System.err.println(
          "error: the run failed: "
              + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
      // a user gets the reason in one line; the trace is for whoever debugs the runner itself
      if (System.getenv("EVALS_DEBUG") != null) {
        e.printStackTrace(System.err);
      } else {
        System.err.println("(set EVALS_DEBUG=1 for the stack trace)");
      }
      System.exit(1);
    }
  }
}
