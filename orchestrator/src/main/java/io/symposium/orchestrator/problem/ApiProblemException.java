package io.symposium.orchestrator.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An error the service reports on purpose, with the problem type, a precise detail and the
 * machine-readable facts that become extension members of the problem body.
 */
public class ApiProblemException extends RuntimeException {

  private final ProblemType type;
  private final Map<String, Object> properties;
  private final @Nullable URI instance;

  public ApiProblemException(ProblemType type, String detail) {
    this(type, detail, Map.of());
  }

  public ApiProblemException(ProblemType type, String detail, Map<String, Object> properties) {
    this(type, detail, properties, null);
  }

  private ApiProblemException(
      ProblemType type, String detail, Map<String, Object> properties, @Nullable URI instance) {
    super(detail);
    this.type = type;
    this.properties = Map.copyOf(properties);
    this.instance = instance;
  }

  /** The same problem with one more extension member (the query id, the OpenAI error object). */
  public ApiProblemException with(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(properties);
    more.put(name, value);
    return new ApiProblemException(type, getMessage(), more, instance);
  }

  /**
   * The same problem about one occurrence, such as a query in the log; without one the framework
   * fills in the request's path.
   */
  public ApiProblemException at(URI instance) {
    return new ApiProblemException(type, getMessage(), properties, instance);
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

  public @Nullable URI instance() {
    return instance;
  }
}
