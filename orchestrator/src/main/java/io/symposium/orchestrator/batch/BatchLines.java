package io.symposium.orchestrator.batch;

import io.symposium.orchestrator.openaicompat.BatchChat;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.Problems;
import io.symposium.orchestrator.query.Delivery;
import io.symposium.orchestrator.query.PhasedQueries;
import io.symposium.orchestrator.query.PipelineChat;
import io.symposium.orchestrator.query.QueryDefaults;
import io.symposium.orchestrator.query.QueryPlan;
import io.symposium.orchestrator.query.QueryRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a pending batch line into work for the phased offline plan, and the plan's outcome into the
 * line's result: the very response body, status and error shape its endpoint answers live ({@code
 * /v1/query}: the query result or an RFC 9457 problem; {@code /v1/chat/completions}: the facade's
 * completion or OpenAI's error object).
 */
@Component
public class BatchLines {

  private static final String QUERY = "/v1/query";

  /** A line ready for the plan, with what its response needs. */
  public record Prepared(PhasedQueries.Line line, String url, long created) {}

  private final JsonMapper json;
  private final Validator validator;
  private final QueryDefaults defaults;
  private final BatchChat chat;

  public BatchLines(JsonMapper json, Validator validator, QueryDefaults defaults, BatchChat chat) {
    this.json = json;
    this.validator = validator;
    this.defaults = defaults;
    this.chat = chat;
  }

  /**
   * The plan's work for {@code line} (its key is the line number).
   *
   * @throws LineRefused with the line's error result when the request is one its endpoint refuses
   */
  public Prepared prepare(String batchId, BatchRepository.PendingLine line) {
    JsonNode stored = json.readTree(line.request());
    String url = stored.get("url").asString();
    JsonNode body = stored.get("body");
    String key = Integer.toString(line.lineNo());
    // one id per line across restarts: a resumed line's answer names the same query
    UUID queryId = UUID.nameUUIDFromBytes((batchId + "#" + line.lineNo()).getBytes());
    long created = Instant.now().getEpochSecond();
    try {
      if (QUERY.equals(url)) {
        QueryPlan plan = defaults.plan(queryRequest(body), Delivery.WHOLE);
        return new Prepared(new PhasedQueries.Routed(key, queryId, plan), url, created);
      }
      return switch (chat.read(body)) {
        case BatchChat.Routed routed -> {
          QueryRequest request = PipelineChat.request(routed.conversation(), routed.limits());
          QueryPlan plan = defaults.plan(request, Delivery.WHOLE, routed.conversation().earlier());
          yield new Prepared(new PhasedQueries.Routed(key, queryId, plan), url, created);
        }
        case BatchChat.Direct direct ->
            new Prepared(
                new PhasedQueries.Direct(key, direct.model(), direct.request()), url, created);
      };
    } catch (RuntimeException e) {
      throw new LineRefused(failed(url, e));
    }
  }

  private QueryRequest queryRequest(JsonNode body) {
    QueryRequest request;
    try {
      request = json.treeToValue(body, QueryRequest.class);
    } catch (JacksonException e) {
      throw new ApiProblemException(
          io.symposium.orchestrator.problem.ProblemType.MALFORMED_REQUEST,
          "The body is not a query request: " + e.getOriginalMessage());
    }
    Set<ConstraintViolation<QueryRequest>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      throw BatchChat.invalid(violations);
    }
    return request;
  }

  /** The line's result for the plan's outcome. */
  public LineResult result(Prepared prepared, PhasedQueries.Outcome outcome) {
    boolean query = QUERY.equals(prepared.url());
    return switch (outcome) {
      case PhasedQueries.Answered answered ->
          ok(
              query
                  ? answered.result()
                  : chat.routed(
                      answered.result().id(),
                      prepared.created(),
                      answered.result().finalAnswer(),
                      PipelineChat.trace(answered.result())));
      case PhasedQueries.Completed completed -> {
        PhasedQueries.Direct direct = (PhasedQueries.Direct) prepared.line();
        yield ok(chat.direct(prepared.created(), direct.model(), completed.completion()));
      }
      case PhasedQueries.Failed failed -> failed(prepared.url(), failed.error());
    };
  }

  private LineResult ok(Object body) {
    return new LineResult(true, 200, json.writeValueAsString(body), null);
  }

  /** A failed request's result: its status and body as the endpoint answers, and the error. */
  private LineResult failed(String url, Throwable error) {
    int status;
    Map<String, Object> body;
    if (QUERY.equals(url)) {
      ApiProblemException problem = Problems.from(error);
      status = problem.type().status().value();
      body = Problems.body(problem);
    } else {
      BatchChat.ErrorResponse response = chat.error(error);
      status = response.status();
      body = response.body();
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("code", code(body));
    summary.put("message", String.valueOf(body.getOrDefault("detail", body.get("title"))));
    return new LineResult(
        false, status, json.writeValueAsString(body), json.writeValueAsString(summary));
  }

  /** OpenAI's error code where the body has one, else the problem type's name. */
  private static String code(Map<String, Object> body) {
    if (body.get("error") instanceof Map<?, ?> error && error.get("code") instanceof String code) {
      return code;
    }
    String type = String.valueOf(body.get("type"));
    return type.startsWith("/problems/")
        ? type.substring("/problems/".length()).replace('-', '_')
        : "request_failed";
  }

  /** A line its endpoint refuses before any work: its result is known at once. */
  public static final class LineRefused extends RuntimeException {
    private final transient LineResult result;

    LineRefused(LineResult result) {
      super(result.error(), null, false, false);
      this.result = result;
    }

    public LineResult result() {
      return result;
    }
  }
}
