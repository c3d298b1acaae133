package io.symposium.orchestrator.query;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /admin/api/route/explain}: the routing decision for a question without generating any
 * answer — the raw and mapped keywords, each model's local suitability, global competence and
 * recruitment probability. With {@code keywords} the extraction is skipped and those (already
 * mapped) keywords are routed as given.
 */
@RestController
public class RouteExplainController {

  private final ActiveProfiles profiles;
  private final QueryDefaults defaults;

  public RouteExplainController(ActiveProfiles profiles, QueryDefaults defaults) {
    this.profiles = profiles;
    this.defaults = defaults;
  }

  /** The body of an explain request. */
  public record ExplainRequest(
      @NotBlank String question,
      @Nullable String task,
      @Nullable List<String> keywords,
      @Min(1) @Max(16) @Nullable Integer k,
      @Nullable String strategy,
      @Nullable Long seed,
      @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @Nullable Double topP,
      @Nullable Boolean deterministic,
      @Nullable Boolean distinct) {}

  @PostMapping("/admin/api/route/explain")
  Mono<Map<String, Object>> explain(@Valid @RequestBody ExplainRequest request) {
    // the defaults of /v1/query; the answer-only fields do not change the routing
    QueryPlan plan =
        defaults.plan(
            new QueryRequest(
                request.question(),
                request.k(),
                request.strategy(),
                request.seed(),
                null,
                null,
                null,
                request.task(),
                request.topP(),
                request.deterministic(),
                null,
                null,
                request.distinct()));
    String task = plan.task();
    return profiles
        .forTask(task)
        .flatMap(
            context ->
                skills(context, request)
                    .map(
                        skills -> {
                          Map<String, Object> out = new LinkedHashMap<>();
                          out.put("task", task);
                          out.put("profileVersion", context.profileVersion());
                          out.put("raw", skills.raw());
                          out.put("mapped", skills.mapped());
                          out.put("knobs", plan.knobs());
                          out.put(
                              "routing",
                              plan.strategy()
                                  .route(
                                      context.profiles(),
                                      skills.mapped(),
                                      plan.k(),
                                      plan.seed(),
                                      plan.knobs()));
                          return out;
                        }));
  }

  private static Mono<QueryResult.Skills> skills(RoutingContext context, ExplainRequest request) {
    if (request.keywords() != null) {
      return Mono.just(new QueryResult.Skills(request.keywords(), request.keywords()));
    }
    return context.skills(request.question());
  }
}
