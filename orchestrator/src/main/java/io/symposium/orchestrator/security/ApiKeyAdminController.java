package io.symposium.orchestrator.security;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/api/keys}: the query API's stored keys (behind the admin credentials): list, create
 * (the key is in the answer once and never again), revoke.
 */
@RestController
@RequestMapping("/admin/api/keys")
public class ApiKeyAdminController {

  private final ApiKeys keys;

  public ApiKeyAdminController(ApiKeys keys) {
    this.keys = keys;
  }

  /** The body of {@code POST /admin/api/keys}. */
  public record NewKey(@NotBlank @Size(max = 100) @Nullable String name) {}

  /** A created key: the listed fields and, this once, the key. */
  public record Created(long id, String name, String prefix, Instant createdAt, String key) {}

  @GetMapping
  Flux<ApiKeyRepository.StoredKey> list() {
    return keys.list();
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Created> create(@Valid @RequestBody NewKey body) {
    String name = body.name() == null ? "" : body.name().strip();
    return keys.create(name)
        .map(
            c ->
                new Created(
                    c.stored().id(),
                    c.stored().name(),
                    c.stored().prefix(),
                    c.stored().createdAt(),
                    c.key()));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> revoke(@PathVariable long id) {
    return keys.revoke(id)
        .flatMap(
            found ->
                found
                    ? Mono.<Void>empty()
                    : Mono.error(
                        new ApiProblemException(
                            ProblemType.NOT_FOUND,
                            "No API key " + id + "; GET /admin/api/keys lists them.")));
  }
}
