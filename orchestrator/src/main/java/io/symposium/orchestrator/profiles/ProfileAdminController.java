package io.symposium.orchestrator.profiles;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/api/profiles}: stored profile versions, the active one per task with its model × skill
 * scores, activation, and import/export in the reference Symbolic-MoE format (one JSON object per model,
 * keyword → integer score).
 */
@RestController
@RequestMapping("/admin/api/profiles")
public class ProfileAdminController {

  private final ProfileRepository profiles;

  public ProfileAdminController(ProfileRepository profiles) {
    this.profiles = profiles;
  }

  /** The body of an import: the reference format, for one task. */
  public record ProfileImport(
      @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String task,
      @NotEmpty Map<String, Map<String, Integer>> profiles,
      @Nullable Boolean activate) {}

  /** Every version (newest first per task); with {@code task}, also that task's active profiles and scores. */
  @GetMapping
  Mono<Map<String, Object>> list(@RequestParam(required = false) @Nullable String task) {
    Mono<Map<String, Object>> versions = profiles.versions().collectList().map(v -> Map.<String, Object>of("versions", v));
    if (task == null) {
      return versions;
    }
    return versions.zipWith(
            profiles.active(task).map(p -> Map.<String, Object>of("active", p)).defaultIfEmpty(Map.of()))
        .map(t -> {
          var out = new java.util.LinkedHashMap<String, Object>(t.getT1());
          out.putAll(t.getT2());
          return out;
        });
  }

  @GetMapping("/{id}")
  Mono<StoredProfiles> one(@PathVariable long id) {
    return profiles.find(id).switchIfEmpty(Mono.error(notFound(id)));
  }

  /** The version in the reference format: model → keyword → score. */
  @GetMapping("/{id}/export")
  Mono<Map<String, Map<String, Integer>>> export(@PathVariable long id) {
    return profiles.find(id).switchIfEmpty(Mono.error(notFound(id))).map(StoredProfiles::scores);
  }

  @PostMapping("/{id}/activate")
  Mono<StoredProfiles> activate(@PathVariable long id) {
    return profiles.find(id).switchIfEmpty(Mono.error(notFound(id))).then(profiles.activate(id));
  }

  @PostMapping("/import")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<StoredProfiles> importProfiles(@Valid @RequestBody ProfileImport body) {
    body.profiles().forEach((model, scores) -> {
      if (model.isBlank() || scores == null) {
        throw new ApiProblemException(ProblemType.INVALID_REQUEST, "each profile needs a model id and a keyword → score object");
      }
      scores.forEach((keyword, score) -> {
        if (keyword.isBlank() || keyword.length() > 64 || score == null) {
          throw new ApiProblemException(
              ProblemType.INVALID_REQUEST, "model '%s': keyword '%s' must be 1–64 characters with an integer score".formatted(model, keyword), Map.of("model", model));
        }
      });
    });
    return profiles.save(body.task(), "import", null, null, body.profiles(), Map.of(), body.activate() == null || body.activate());
  }

  private static ApiProblemException notFound(long id) {
    return new ApiProblemException(ProblemType.NOT_FOUND, "No profile version " + id + "; GET /admin/api/profiles lists them.");
  }

}
