package io.symposium.pool;

import java.util.Arrays;
import java.util.Locale;

/** Where a model runs: in the pool's own llama.cpp workers, or on a remote server. */
public enum BackendKind {
  LLAMA_CPP("llama-cpp"),
  OPENAI("openai"),
  OLLAMA("ollama");

  private final String id;

  BackendKind(String id) {
    this.id = id;
  }

  /**
   * The name used in configuration and the database ({@code llama-cpp}, {@code openai}, {@code
   * ollama}).
   */
  public String id() {
    return id;
  }

  /** Whether the pool loads the model itself, so it counts against the memory budget. */
  public boolean isLocal() {
    return this == LLAMA_CPP;
  }

  public static BackendKind fromId(String id) {
    String wanted = id.toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values())
        .filter(k -> k.id.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown backend '" + id + "'; use llama-cpp, openai or ollama"));
  }
}
