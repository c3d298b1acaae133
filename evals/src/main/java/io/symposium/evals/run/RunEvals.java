package io.symposium.evals.run;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Command line: runs every method on the zoo benchmark or a benchmark file through the real pool
 * and writes the report ({@link EvalArguments#USAGE}), storing the run in PostgreSQL when it has
 * one; or, with {@code --server}, asks a running service to run it. Exit codes: 0 done, 2 bad
 * arguments, 1 the run failed.
 */
public final class RunEvals {
  private RunEvals() {}

  public static void main(String[] args) {
    EvalArguments.Target target;
    try {
      target = EvalArguments.target(args);
    } catch (EvalArguments.UsageException e) {
      usage(e);
      return;
    }
    if (target.server() != null) {
      EvalArguments.ServerRequest request;
      try {
        request = EvalArguments.serverRequest(args);
      } catch (EvalArguments.UsageException e) {
        usage(e);
        return;
      }
      try {
        Path report = ServerRun.run(target, request, new ConsoleProgress(System.err));
        System.out.printf(Locale.ROOT, "report: %s%n", report.toAbsolutePath());
        System.exit(0);
      } catch (RuntimeException e) {
        failed(e);
      }
      return;
    }
    EvalSettings settings;
    try {
      settings = EvalArguments.parse(args);
    } catch (EvalArguments.UsageException e) {
      usage(e);
      return;
    }
    EvalStore store = null;
    try {
      store = EvalDatabase.open(target, settings);
      ProgressListener console = new ConsoleProgress(System.err);
      EvalStore stored = store;
      ProgressListener progress =
          stored == null
              ? console
              : (phase, done, total) -> {
                console.progress(phase, done, total);
                stored.progress(phase, done, total);
              };
      EvalRun run = Evaluation.run(settings, progress);
      System.err.println();
      Path report = RunWriter.write(run, settings.out());
      if (store != null) {
        store.finish(run.summaries(), settings.out());
        System.err.println("stored as eval run " + store.runId());
      }
      System.out.println(ResultsTable.markdown(run));
      System.out.printf(Locale.ROOT, "report: %s%n", report.toAbsolutePath());
      store = close(store);
      System.exit(0);
    } catch (RuntimeException e) {
      if (store != null) store.fail(message(e));
      close(store);
      failed(e);
    }
  }

  private static @org.jspecify.annotations.Nullable EvalStore close(
      @org.jspecify.annotations.Nullable EvalStore store) {
    if (store != null) {
      try {
        store.close();
      } catch (RuntimeException e) {
        // the run is stored; a failing close loses nothing
      }
    }
    return null;
  }

  private static void usage(EvalArguments.UsageException e) {
    System.err.println("error: " + e.getMessage());
    System.err.println(EvalArguments.USAGE);
    System.exit(2);
  }

  static String message(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static void failed(RuntimeException e) {
    System.err.println();
    System.err.println("error: the run failed: " + message(e));
    // a user gets the reason in one line; the trace is for whoever debugs the runner itself
    if (System.getenv("EVALS_DEBUG") != null) {
      e.printStackTrace(System.err);
    } else {
      System.err.println("(set EVALS_DEBUG=1 for the stack trace)");
    }
    System.exit(1);
  }
}
