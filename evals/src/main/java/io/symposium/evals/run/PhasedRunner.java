package io.symposium.evals.run;

import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExtractionMode;
import io.symposium.aggregate.Generator;
import io.symposium.pool.ModelPool;
import io.symposium.profile.KeywordExtractor;
import io.symposium.profile.KeywordVocabulary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs methods over questions as a phased batch over the pipeline's stages: keywords for every
 * question (the keyword model), routing (no model), every distinct expert answer model by model,
 * aggregation last (the aggregator model). Each model is therefore loaded once per run, and an
 * answer several methods need by definition (one expert's greedy answer to one question) is
 * generated once.
 */
public final class PhasedRunner {
  private final ModelPool pool;
  private final ZooCatalog zoo;
  private final RecruitContext context;
  private final KeywordVocabulary vocabulary;
  private final int maxTokens;
  private final AnswerExtractor extractor = AnswerExtractor.forFormat(ExtractionMode.LENIENT);

  public PhasedRunner(
      ModelPool pool,
      ZooCatalog zoo,
      RecruitContext context,
      KeywordVocabulary vocabulary,
      int maxTokens) {
    this.pool = pool;
    this.zoo = zoo;
    this.context = context;
    this.vocabulary = vocabulary;
    this.maxTokens = maxTokens;
  }

  public RunResults run(
      List<EvalItem> items, List<Method> methods, List<Long> seeds, ProgressListener progress) {
    if (seeds.isEmpty()) throw new IllegalArgumentException("a run needs at least one seed");
    int loadsBefore = pool.queues().loadHistory().size();
    Map<String, Long> phases = new LinkedHashMap<>();
    Map<String, Integer> calls = new LinkedHashMap<>();

    long t0 = System.nanoTime();
    Map<Integer, RunResults.Keywords> keywords = keywords(items, progress);
    calls.put("keywords", items.size() * KeywordExtractor.Settings.defaults().samples());
    long t1 = System.nanoTime();
    phases.put("keywords", (t1 - t0) / 1_000_000);

    List<AggregationPhase.Cell> cells = new ArrayList<>();
    LinkedHashSet<AnswerKey> keys = new LinkedHashSet<>();
    for (Method method : methods)
      for (long seed : method.seeded() ? seeds : seeds.subList(0, 1))
        for (EvalItem item : items) {
          Recruitment r =
              method
                  .recruiter()
                  .recruit(
                      context,
                      item,
                      Objects.requireNonNull(keywords.get(item.id())).mapped(),
                      seed);
          keys.addAll(r.keys());
          for (Aggregation a : method.aggregations())
            cells.add(new AggregationPhase.Cell(method, a, seed, item, r));
        }
    long t2 = System.nanoTime();
    phases.put("routing", (t2 - t1) / 1_000_000);

    Map<Integer, EvalItem> byId = new LinkedHashMap<>();
    items.forEach(i -> byId.put(i.id(), i));
    Map<AnswerKey, ExpertReply> replies =
        new ExpertPhase(pool, extractor, maxTokens).run(keys, zoo.experts(), byId, progress);
    calls.put("experts", replies.size());
    long t3 = System.nanoTime();
    phases.put("experts", (t3 - t2) / 1_000_000);

    AggregationPhase aggregation =
        new AggregationPhase(pool, zoo.aggregatorModel(), extractor, maxTokens);
    List<ItemResult> results = aggregation.run(cells, replies, progress);
    calls.put("aggregator", aggregation.synthesisCalls());
    phases.put("aggregation", (System.nanoTime() - t3) / 1_000_000);

    List<String> history = pool.queues().loadHistory();
    return new RunResults(
        items, keywords, results, phases, history.subList(loadsBefore, history.size()), calls);
  }

  /**
   * Every question's keywords through the keyword model, mapped onto the profiles' vocabulary. A
   * question the keyword model cannot take (its context) gets none, and routers fall back.
   */
  private Map<Integer, RunResults.Keywords> keywords(
      List<EvalItem> items, ProgressListener progress) {
    KeywordExtractor extractor = Profiler.keywords(Generator.of(pool), zoo.keywordModel());
    AtomicInteger done = new AtomicInteger();
    progress.progress("keywords", 0, items.size());
    Map<Integer, RunResults.Keywords> out = new java.util.concurrent.ConcurrentHashMap<>();
    Flux.fromIterable(items)
        .flatMap(
            item ->
                extractor
                    .extract(item.question())
                    .map(
                        raw ->
                            new RunResults.Keywords(
                                raw, raw.isEmpty() ? List.of() : vocabulary.map(raw), false))
                    .onErrorResume(
                        e -> Mono.just(new RunResults.Keywords(List.of(), List.of(), true)))
                    .doOnNext(
                        k -> {
                          out.put(item.id(), k);
                          progress.progress("keywords", done.incrementAndGet(), items.size());
                        }),
            ExpertPhase.IN_FLIGHT / KeywordExtractor.Settings.defaults().samples())
        .then()
        .block();
    return out;
  }
}
