package io.symposium.orchestrator.query;

import io.symposium.orchestrator.openaicompat.RoutedChat;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.pool.CompletionRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The facade's routed model {@code symposium}, answered by the query pipeline. */
@Component
public class PipelineChat implements RoutedChat {

  @Override
  public Mono<String> answer(String question, CompletionRequest limits) {
    return Mono.error(unavailable());
  }

  @Override
  public Flux<String> stream(String question, CompletionRequest limits) {
    return Flux.error(unavailable());
  }

  private static ApiProblemException unavailable() {
    return new ApiProblemException(ProblemType.NOT_IMPLEMENTED, "Routing is not wired yet; call an expert by its id (GET /v1/models).");
  }
}
