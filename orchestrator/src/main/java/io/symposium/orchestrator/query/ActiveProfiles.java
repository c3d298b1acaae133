package io.symposium.orchestrator.query;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.symposium.aggregate.Generator;
import io.symposium.orchestrator.config.RoutingProperties;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import io.symposium.orchestrator.profiles.ProfileRepository;
import io.symposium.orchestrator.profiles.StoredProfiles;
import io.symposium.orchestrator.routing.SkillProfiles;
import io.symposium.orchestrator.routing.ValidationEvidence;
import io.symposium.orchestrator.zoo.PromptStyles;
import io.symposium.pool.ModelPool;
import io.symposium.pool.ModelSpec;
import io.symposium.profile.EmbeddingEncoder;
import io.symposium.profile.KeywordExtractor;
import io.symposium.profile.KeywordVocabulary;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The routing context of each task, built once per active profile version and kept in memory: the
 * profiles, the vocabulary with its embeddings (computing them is the slow part), the keyword
 * extractor and the aggregator. Entries are keyed by version, and a stored version never changes.
 */
public final class ActiveProfiles implements QueryPipeline.RoutingContexts {

  private final ProfileRepository repository;
  private final ModelPool pool;
  private final Generator generator;
  private final EmbeddingEncoder encoder;
  private final RoutingProperties properties;
  private final PromptStyles prompts;
  private final AsyncCache<Long, RoutingContext> contexts =
      Caffeine.newBuilder().maximumSize(64).buildAsync();

  public ActiveProfiles(
      ProfileRepository repository,
      ModelPool pool,
      Generator generator,
      EmbeddingEncoder encoder,
      RoutingProperties properties,
      PromptStyles prompts) {
    this.repository = repository;
    this.pool = pool;
    this.generator = generator;
    this.encoder = encoder;
    this.properties = properties;
    this.prompts = prompts;
  }

  @Override
  public Mono<RoutingContext> forTask(String task) {
    // one indexed lookup of the active version per query; the expensive context is cached per
    // version,
    // so activating another version takes effect at once
    return repository
        .activeVersionId(task)
        .switchIfEmpty(Mono.error(() -> noActiveProfile(task)))
        .flatMap(
            version ->
                Mono.fromFuture(
                    () ->
                        contexts.get(
                            version,
                            (key, executor) ->
                                repository
                                    .find(key)
                                    .publishOn(
                                        Schedulers
                                            .boundedElastic()) // embedding the vocabulary is CPU
                                    // work, not event-loop work
                                    .map(this::build)
                                    .toFuture())));
  }

  private RoutingContext build(StoredProfiles stored) {
    Map<String, Map<String, Integer>> servable = new java.util.HashMap<>(stored.scores());
    servable
        .keySet()
        .removeIf(
            model ->
                pool.spec(model)
                    .isEmpty()); // profiled models no longer in the pool cannot be recruited
    if (servable.isEmpty()) {
      throw new ApiProblemException(
          ProblemType.CONFLICT,
          "The active profiles of task '%s' (version %d) name no model that is in the pool; profile the current models again"
              .formatted(stored.task(), stored.version()));
    }
    SkillProfiles profiles = withEvidence(SkillProfiles.fromReferenceJson(servable), stored);
    KeywordVocabulary vocabulary = KeywordVocabulary.of(profiles.vocabulary(), encoder);
    KeywordExtractor keywords =
        keywordModel()
            .map(
                model ->
                    KeywordExtractor.create(
                        generator,
                        model,
                        prompts.expert(model),
                        prompts.keywordSettings(model, properties.keywordSamples())))
            .orElse(null);
    String aggregator =
        Optional.ofNullable(stored.aggregatorModel())
            .filter(m -> pool.spec(m).isPresent())
            .or(() -> Optional.ofNullable(properties.aggregatorModel()))
            .or(() -> taggedModel("role:aggregator"))
            .orElseGet(
                () ->
                    profiles.models().stream()
                        .max(Comparator.comparingDouble(profiles::globalCompetence))
                        .orElseThrow());
    return new RoutingContext(
        stored.task(), stored.id(), profiles, vocabulary, keywords, aggregator);
  }

  /**
   * The profiles with what their scores rest on, for the skill-accuracy router; an imported version
   * has none.
   */
  private static SkillProfiles withEvidence(SkillProfiles profiles, StoredProfiles stored) {
    if (stored.questions().isEmpty()) {
      return profiles;
    }
    Map<String, Double> accuracy = new java.util.HashMap<>();
    stored
        .accuracy()
        .forEach(
            (model, a) ->
                accuracy.put(model, a.answered() == 0 ? 0.5 : (double) a.correct() / a.answered()));
    return profiles.withEvidence(new ValidationEvidence(stored.questions(), accuracy));
  }

  /** The configured keyword model, else the zoo's. */
  public Optional<String> keywordModel() {
    return Optional.ofNullable(properties.keywordModel()).or(() -> taggedModel("role:keywords"));
  }

  private Optional<String> taggedModel(String tag) {
    return pool.models().stream()
        .map(s -> s.spec())
        .filter(s -> s.tags().contains(tag))
        .map(ModelSpec::id)
        .sorted()
        .findFirst();
  }

  static ApiProblemException noActiveProfile(String task) {
    return new ApiProblemException(
        ProblemType.CONFLICT,
        "Task '%s' has no active skill profile yet. Create one with POST /admin/api/profiles/runs (a profiling run over a validation set) or import one with POST /admin/api/profiles/import; with the embedded zoo, the first start profiles it in the background."
            .formatted(task),
        Map.of("task", task));
  }
}
