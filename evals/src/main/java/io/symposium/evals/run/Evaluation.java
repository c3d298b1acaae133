package io.symposium.evals.run;

import io.symposium.pool.ModelPool;
import io.symposium.profile.EmbeddingEncoder;
import io.symposium.profile.KeywordVocabulary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One evaluation run end to end: load the dataset, profile the experts on its validation split, run
 * every method over the test split as one phased batch, and compare with naive loading.
 */
public final class Evaluation {
  private Evaluation() {}

  public static EvalRun run(EvalSettings settings, ProgressListener progress) {
    Instant started = Instant.now();
    List<Method> methods = Methods.parse(String.join(",", settings.methods()), settings.k());
    ZooCatalog zoo = ZooCatalog.read(settings.zoo()).variant(settings.dropped(), settings.twin());
    Dataset dataset =
        settings.dataset().equals("zoo")
            ? Datasets.zoo(settings.limit(), settings.profileLimit(), settings.format())
            : Datasets.file(
                java.nio.file.Path.of(settings.dataset()),
                settings.validation(),
                settings.limit(),
                settings.profileLimit(),
                settings.format());
    EvalPools pools = new EvalPools(zoo, settings.threads());
    ValidationProfile profile;
    try (ModelPool pool = pools.roomy()) {
      profile = Profiler.profile(pool, zoo, dataset, progress);
    }
    KeywordVocabulary vocabulary =
        KeywordVocabulary.of(
            profile.profiles().vocabulary(),
            EmbeddingEncoder.cached(EmbeddingEncoder.miniLm(), 100_000));
    RecruitContext context = new RecruitContext(profile, zoo.experts(), settings.k());
    RunResults results;
    try (ModelPool pool = pools.oneModelAtATime()) {
      results =
          new PhasedRunner(pool, zoo, context, vocabulary, settings.maxTokens())
              .run(dataset.test(), methods, settings.seeds(), progress);
    }
    LoadComparison comparison =
        settings.naiveItems() == 0
            ? null
            : compare(
                pools,
                zoo,
                context,
                vocabulary,
                settings,
                dataset.head(settings.naiveItems()),
                progress);
    List<MethodSummary> summaries =
        Metrics.summarise(
            dataset.test(),
            results.results(),
            new Bootstrap(settings.bootstrapResamples(), settings.bootstrapSeed()));
    return new EvalRun(
        UUID.randomUUID(),
        started,
        Instant.now(),
        settings,
        dataset.name(),
        dataset.validation().size(),
        zoo,
        profile,
        results,
        summaries,
        comparison);
  }

  /**
   * Symbolic-MoE with synthesis at the first seed, as a phased batch and query by query, each in a
   * fresh pool that holds one model at a time.
   */
  static LoadComparison compare(
      EvalPools pools,
      ZooCatalog zoo,
      RecruitContext context,
      KeywordVocabulary vocabulary,
      EvalSettings settings,
      List<EvalItem> items,
      ProgressListener progress) {
    Method base = Methods.parse("symbolic-moe", settings.k()).getFirst();
    Method method =
        new Method(base.name(), base.seeded(), List.of(Aggregation.SYNTHESIS), base.recruiter());
    List<Long> seed = settings.seeds().subList(0, 1);
    long batchedMillis;
    int batchedLoads;
    try (ModelPool pool = pools.oneModelAtATime()) {
      long t = System.nanoTime();
      RunResults r =
          new PhasedRunner(pool, zoo, context, vocabulary, settings.maxTokens())
              .run(items, List.of(method), seed, ProgressListener.none());
      batchedMillis = (System.nanoTime() - t) / 1_000_000;
      batchedLoads = r.loads().size();
    }
    List<String> loads = new ArrayList<>();
    long naiveMillis;
    try (ModelPool pool = pools.oneModelAtATime()) {
      PhasedRunner runner = new PhasedRunner(pool, zoo, context, vocabulary, settings.maxTokens());
      long t = System.nanoTime();
      for (int i = 0; i < items.size(); i++) {
        loads.addAll(
            runner
                .run(List.of(items.get(i)), List.of(method), seed, ProgressListener.none())
                .loads());
        progress.progress("naive", i + 1, items.size());
      }
      naiveMillis = (System.nanoTime() - t) / 1_000_000;
    }
    return new LoadComparison(
        method.label(Aggregation.SYNTHESIS),
        items.size(),
        batchedMillis,
        batchedLoads,
        naiveMillis,
        loads.size());
  }
}
