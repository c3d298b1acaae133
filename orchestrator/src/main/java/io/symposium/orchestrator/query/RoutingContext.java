package io.symposium.orchestrator.query;

import io.symposium.orchestrator.routing.SkillProfiles;
import io.symposium.profile.KeywordExtractor;
import io.symposium.profile.KeywordVocabulary;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Everything routing a task's query needs, held in memory so that routing itself never waits on
 * I/O.
 *
 * @param task the task
 * @param profileVersion the active profile version's id
 * @param profiles the active skill profiles
 * @param vocabulary the profiles' keywords with their embeddings, for mapping a query's keywords
 * @param keywords the keyword model's extractor, or null when there is none (routing then falls
 *     back)
 * @param aggregatorModel the task's aggregator
 */
public record RoutingContext(
    String task,
    long profileVersion,
    SkillProfiles profiles,
    KeywordVocabulary vocabulary,
    @Nullable KeywordExtractor keywords,
    String aggregatorModel) {

  /**
   * The question's raw keywords from the keyword model, mapped onto the profile vocabulary; none
   * without a keyword model.
   */
  public Mono<QueryResult.Skills> skills(String question) {
    if (keywords == null) {
      return Mono.just(new QueryResult.Skills(List.of(), List.of()));
    }
    return keywords
        .extract(question)
        .map(raw -> new QueryResult.Skills(raw, raw.isEmpty() ? List.of() : vocabulary.map(raw)));
  }
}
