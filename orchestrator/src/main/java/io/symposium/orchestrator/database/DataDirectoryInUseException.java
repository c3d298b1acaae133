package io.symposium.orchestrator.database;

/**
 * The embedded PostgreSQL's data directory is used by a live server that is not an orphan of this
 * service: starting would fail or corrupt it, so the service refuses with a message naming the
 * process.
 */
public final class DataDirectoryInUseException extends IllegalStateException {
  DataDirectoryInUseException(String message) {
    super(message);
  }
}
