package io.symposium.orchestrator.database;

import io.r2dbc.spi.Readable;

/**
 * Reads the columns that the schema (db-migrations) declares {@code NOT NULL}: R2DBC types every
 * value as nullable, and a null here would be a schema the service does not know.
 */
public final class Columns {

  private Columns() {}

  /** The value of {@code column}, which the schema declares {@code NOT NULL}. */
  public static <T> T required(Readable row, String column, Class<T> type) {
    T value = row.get(column, type);
    if (value == null) {
      throw new IllegalStateException(
          "column " + column + " is null, though the schema declares it NOT NULL");
    }
    return value;
  }
}
