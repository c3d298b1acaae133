package io.symposium.orchestrator.query;

import io.symposium.orchestrator.query.QueryResult.CallRole;
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
    return findSkills(question).map(FoundSkills::skills);
  }

  /**
   * {@link #skills}, with the keyword model's calls that found them: one per sample, or, when the
   * extractor's cache had the question's keywords, one {@code cached} entry without tokens; none
   * without a keyword model.
   */
  public Mono<FoundSkills> findSkills(String question) {
    KeywordExtractor extractor = keywords;
    if (extractor == null) {
      return Mono.just(new FoundSkills(new QueryResult.Skills(List.of(), List.of()), List.of()));
    }
    return extractor
        .extraction(question)
        .map(
            found -> {
              List<String> raw = found.keywords();
              var skills =
                  new QueryResult.Skills(raw, raw.isEmpty() ? List.of() : vocabulary.map(raw));
              List<QueryResult.ModelCall> calls =
                  found.cached()
                      ? List.of(
                          new QueryResult.ModelCall(
                              extractor.model(), CallRole.KEYWORDS, 0, 0, true, 0, true))
                      : found.calls().stream()
                          .map(
                              c ->
                                  new QueryResult.ModelCall(
                                      extractor.model(),
                                      CallRole.KEYWORDS,
                                      c.promptTokens(),
                                      c.completionTokens(),
                                      true,
                                      0))
                          .toList();
              return new FoundSkills(skills, calls);
            });
  }

  /** A question's skills and the keyword model's calls that found them. */
  public record FoundSkills(QueryResult.Skills skills, List<QueryResult.ModelCall> calls) {
    public FoundSkills {
      calls = List.copyOf(calls);
    }
  }
}
