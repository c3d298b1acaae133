package io.symposium.orchestrator.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a data directory in use as Spring Boot's short "application failed to start" text, not a
 * stack trace: the message already says which process holds it and what to do.
 */
public final class DataDirectoryInUseFailureAnalyzer
    extends AbstractFailureAnalyzer<DataDirectoryInUseException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUseException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Stop the process named above, or give this service its own data directory"
            + " (symposium.db.embedded.data-dir).",
        cause);
  }
}
