package io.symposium.orchestrator.problem;

import java.util.Map;
import java.util.Objects;

/**
 * An error the service reports on purpose, with the problem type, a precise detail and the
 * machine-readable facts that become extension members of the problem body.
 */
public class ApiProblemException extends RuntimeException {

  private final ProblemType type;
  private final Map<String, Object> properties;

  public ApiProblemException(ProblemType type, String detail) {
    this(type, detail, Map.of());
  }

  public ApiProblemException(ProblemType type, String detail, Map<String, Object> properties) {
    super(detail);
    this.type = type;
    this.properties = Map.copyOf(properties);
  }

  /** The message every constructor requires: never null. */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }

  /** The detail a failure gives: its message, or its class name when it has none. */
  public static String detailOf(Throwable failure) {
    String message = failure.getMessage();
    return message != null ? message : failure.getClass().getName();
  }

  public ProblemType type() {
    return type;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
