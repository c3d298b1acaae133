package io.symposium.orchestrator.query;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/api/queries}: the query log, a page at a time (newest first, optionally of one
 * status), and one query's whole record: skills, routing, timings, each expert's part.
 */
@RestController
public class QueryLogAdminController {

  private final QueryLogListing listing;

  public QueryLogAdminController(QueryLogListing listing) {
    this.listing = listing;
  }

  @GetMapping("/admin/api/queries")
  Mono<Map<String, Object>> page(
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      @RequestParam(required = false) @Nullable String status) {
    return listing.page(page, size, status == null || status.isBlank() ? null : status);
  }

  @GetMapping("/admin/api/queries/{id}")
  Mono<Map<String, Object>> one(@PathVariable String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ApiProblemException(
          ProblemType.INVALID_REQUEST,
          "'" + id + "' is not a query id (a UUID).",
          Map.of("queryId", id));
    }
    return listing
        .record(uuid)
        .switchIfEmpty(
            Mono.error(
                new ApiProblemException(
                    ProblemType.NOT_FOUND,
                    "No query " + id + " in the query log.",
                    Map.of("queryId", id))));
  }
}
