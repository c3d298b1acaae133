package io.symposium.orchestrator.query;

import java.util.Arrays;

/** How a query's experts are chosen. */
public enum Strategy {
  /** Symbolic-MoE: skill-based recruitment from profiles (the default). */
  SYMBOLIC_MOE("symbolic-moe"),
  /** Composition of Experts: category classifier, then the category's expert. */
  COE("coe"),
  /** The single most suitable expert, no aggregation. */
  SINGLE("single"),
  /** Every profiled expert answers. */
  ALL("all");

  private final String id;

  Strategy(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Strategy fromId(String id) {
    return Arrays.stream(values())
        .filter(s -> s.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown strategy '" + id + "'; use symbolic-moe, coe, single or all"));
  }
}
