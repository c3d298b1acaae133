package io.symposium.evals.synth;

/** A broad area a synthetic skill belongs to; written as the item's {@code category}. */
public enum Domain {
  FACTS("facts"),
  STRINGS("strings"),
  LOGIC("logic"),
  ARITHMETIC("arithmetic"),
  UNITS("units");

  private final String id;

  Domain(String id) {
    this.id = id;
  }

  /** The lower-case name used in the JSON files. */
  public String id() {
    return id;
  }
}
