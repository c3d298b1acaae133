package io.symposium.profile;

import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.Grader;
import io.symposium.aggregate.Question;
import io.symposium.aggregate.TaskFormat;
import io.symposium.pool.CompletionRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Profiles expert models on a task's validation set: which skills each one has.
 *
 * <p>Design note (research/symbolic-moe.md §1.0–§1.2). Each validation question is annotated with
 * keywords by the {@link KeywordExtractor}; the union of all questions' keywords is the task's
 * vocabulary (§1.3). Every expert answers every question once (temperature 0.7 by default, a seed
 * per question); the answer is extracted and graded with the aggregator module's {@link
 * AnswerExtractor} and {@link Grader} for the question's format. Then for each keyword {@code s} of
 * a question and each expert {@code M}: {@code profile_M[s] += correct ? +1 : -1}. A question whose
 * keyword list is empty counts towards accuracy only. The validation accuracy is kept beside the
 * profiles.
 *
 * <p>Scheduling. Keyword sampling and expert answering are independent, so both are submitted at
 * once; expert work is submitted model by model, up to {@link Settings#maxInFlight()} requests at a
 * time, so the pool's batch-by-model scheduler finds one model's queue full while the next one's
 * fills, and loads each model about once. The window keeps the pool's per-model queue limit (256 by
 * default) from being exceeded on large validation sets.
 *
 * <p>A run is cancelled by disposing its subscription: requests not yet submitted never are, and
 * the submitted ones' subscriptions are cancelled (the pool does not stop a generation that has
 * already started). A generation that fails fails the run with a {@link ProfilingFailedException}
 * naming the model and the item (retriable when the pool's error was): a profile with a hole would
 * misstate a model's skills.
 */
public final class ProfilingRun {

  /**
   * How experts answer during profiling.
   *
   * @param maxTokens most tokens per answer (reference: 4096)
   * @param temperature sampling temperature (reference: 0.7)
   * @param seed validation item i is answered with seed {@code seed + i}
   * @param maxInFlight most requests submitted and not yet answered
   */
  public record Settings(int maxTokens, double temperature, long seed, int maxInFlight) {
    public Settings {
      if (maxTokens < 1 || maxTokens > 32768) {
        throw new IllegalArgumentException(
            "answer max tokens must be 1 to 32768, got " + maxTokens);
      }
      if (!(temperature >= 0 && temperature <= 5)) {
        throw new IllegalArgumentException("answer temperature must be 0 to 5, got " + temperature);
      }
      if (seed < 0 || seed > KeywordExtractor.MAX_SEED) {
        throw new IllegalArgumentException(
            "answer seed must be 0 to " + KeywordExtractor.MAX_SEED + ", got " + seed);
      }
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("max in flight must be >= 1, got " + maxInFlight);
      }
    }

    /** The reference settings: 4096 tokens at temperature 0.7; 128 requests in flight. */
    public static Settings defaults() {
      return new Settings(4096, 0.7, 0, 128);
    }

    public Settings withMaxTokens(int n) {
      return new Settings(n, temperature, seed, maxInFlight);
    }

    public Settings withSampling(double newTemperature, long newSeed) {
      return new Settings(maxTokens, newTemperature, newSeed, maxInFlight);
    }

    public Settings withMaxInFlight(int n) {
      return new Settings(maxTokens, temperature, seed, n);
    }
  }

  private final Generator generator;
  private final KeywordExtractor keywords;
  private final ProfilingPrompts prompts;
  private final AnswerExtractor extractor;
  private final Settings settings;

  private ProfilingRun(
      Generator generator,
      KeywordExtractor keywords,
      ProfilingPrompts prompts,
      AnswerExtractor extractor,
      Settings settings) {
    this.generator = generator;
    this.keywords = keywords;
    this.prompts = prompts;
    this.extractor = extractor;
    this.settings = settings;
  }

  /**
   * A profiler whose experts answer through {@code generator} with {@code prompts}, graded with
   * {@code extractor} and the grader of each question's format.
   */
  public static ProfilingRun create(
      Generator generator,
      KeywordExtractor keywords,
      ProfilingPrompts prompts,
      AnswerExtractor extractor,
      Settings settings) {
    return new ProfilingRun(generator, keywords, prompts, extractor, settings);
  }

  /** {@link #run(ProfilingPlan, Consumer)} without progress events. */
  public Mono<ProfilingResult> run(ProfilingPlan plan) {
    return run(plan, progress -> {});
  }

  /**
   * Profiles {@code plan}'s experts. {@code progress} hears each phase start at 0, every unit done,
   * and {@link ProfilingProgress.Phase#FINISHED} last; calls to it never overlap, and it must
   * return quickly. Nothing runs until the result is subscribed to.
   */
  public Mono<ProfilingResult> run(ProfilingPlan plan, Consumer<ProfilingProgress> progress) {
    return Mono.defer(
        () -> {
          List<Question> questions = questions(plan);
          Consumer<ProfilingProgress> listener = serialized(progress);
          int n = questions.size();
          int m = plan.experts().size();
          listener.accept(new ProfilingProgress(ProfilingProgress.Phase.KEYWORDS, 0, n));
          listener.accept(new ProfilingProgress(ProfilingProgress.Phase.ANSWERS, 0, n * m));
          return Mono.zip(annotate(plan, listener), answer(plan, questions, listener))
              .map(t -> assemble(plan, questions, t.getT1(), t.getT2()))
              .doOnNext(
                  r ->
                      listener.accept(
                          new ProfilingProgress(ProfilingProgress.Phase.FINISHED, 1, 1)));
        });
  }

  private Mono<List<List<String>>> annotate(
      ProfilingPlan plan, Consumer<ProfilingProgress> listener) {
    List<BenchmarkItem> items = plan.items();
    AtomicInteger done = new AtomicInteger();
    int concurrency = Math.max(1, settings.maxInFlight() / keywords.settings().samples());
    return Flux.range(0, items.size())
        .flatMapSequential(
            i ->
                keywords
                    .extract(items.get(i).question())
                    .onErrorMap(
                        e -> !(e instanceof ProfilerException),
                        e ->
                            new ProfilingFailedException(
                                "keyword model '%s' failed on validation item %d of task '%s'"
                                    .formatted(keywords.model(), i, plan.task()),
                                e)),
            concurrency)
        .doOnNext(
            k ->
                listener.accept(
                    new ProfilingProgress(
                        ProfilingProgress.Phase.KEYWORDS, done.incrementAndGet(), items.size())))
        .collectList();
  }

  private record Work(int item, int expert) {}

  private Mono<GradedAnswer[][]> answer(
      ProfilingPlan plan, List<Question> questions, Consumer<ProfilingProgress> listener) {
    int n = questions.size();
    List<String> experts = plan.experts();
    GradedAnswer[][] table = new GradedAnswer[n][experts.size()];
    List<Work> work = new ArrayList<>(n * experts.size());
    for (int e = 0; e < experts.size(); e++) {
      for (int i = 0; i < n; i++) {
        work.add(new Work(i, e));
      }
    }
    AtomicInteger done = new AtomicInteger();
    return Flux.fromIterable(work)
        .flatMap(
            w ->
                answerOne(plan, questions.get(w.item()), w, experts.get(w.expert()))
                    .map(
                        a -> {
                          // flatMap emits one at a time, and zip publishes the table only after the
                          // last
                          table[w.item()][w.expert()] = a;
                          return a;
                        }),
            settings.maxInFlight())
        .doOnNext(
            a ->
                listener.accept(
                    new ProfilingProgress(
                        ProfilingProgress.Phase.ANSWERS, done.incrementAndGet(), work.size())))
        .then(Mono.fromSupplier(() -> table));
  }

  private Mono<GradedAnswer> answerOne(
      ProfilingPlan plan, Question question, Work w, String model) {
    String gold = plan.items().get(w.item()).goldAnswer();
    long seed = (settings.seed() + w.item()) % (KeywordExtractor.MAX_SEED + 1);
    CompletionRequest request =
        CompletionRequest.greedy(prompts.expert(question), settings.maxTokens())
            .asUserTurn()
            .withSampling(settings.temperature(), seed)
            .withStop(prompts.expertStops());
    return generator
        .generate(model, request)
        .map(c -> grade(model, question, gold, c.text()))
        .onErrorMap(
            e ->
                new ProfilingFailedException(
                    "expert '%s' failed on validation item %d of task '%s'"
                        .formatted(model, w.item(), plan.task()),
                    e));
  }

  private GradedAnswer grade(String model, Question question, String gold, String text) {
    String extracted = extractor.extract(question, text).orElse(null);
    return new GradedAnswer(
        model, text, extracted, Grader.forFormat(question.format()).correct(extracted, gold));
  }

  private static ProfilingResult assemble(
      ProfilingPlan plan,
      List<Question> questions,
      List<List<String>> keywordLists,
      GradedAnswer[][] table) {
    LinkedHashSet<String> vocabulary = new LinkedHashSet<>();
    keywordLists.forEach(vocabulary::addAll);
    Map<String, Map<String, Integer>> scores = new LinkedHashMap<>();
    Map<String, Accuracy> accuracy = new LinkedHashMap<>();
    List<String> experts = plan.experts();
    for (int e = 0; e < experts.size(); e++) {
      Map<String, Integer> profile = new LinkedHashMap<>();
      vocabulary.forEach(k -> profile.put(k, 0));
      Accuracy tally = new Accuracy(0, 0);
      for (int i = 0; i < questions.size(); i++) {
        boolean correct = table[i][e].correct();
        for (String keyword : new LinkedHashSet<>(keywordLists.get(i))) {
          profile.merge(keyword, correct ? 1 : -1, Integer::sum);
        }
        tally = tally.plus(correct);
      }
      scores.put(experts.get(e), profile);
      accuracy.put(experts.get(e), tally);
    }
    Map<String, Integer> asked = new LinkedHashMap<>();
    vocabulary.forEach(k -> asked.put(k, 0));
    for (List<String> keywords : keywordLists) {
      new LinkedHashSet<>(keywords).forEach(k -> asked.merge(k, 1, Integer::sum));
    }
    List<ValidationAnswers> answers = new ArrayList<>(questions.size());
    for (int i = 0; i < questions.size(); i++) {
      Map<String, GradedAnswer> byModel = new LinkedHashMap<>();
      for (int e = 0; e < experts.size(); e++) {
        byModel.put(experts.get(e), table[i][e]);
      }
      answers.add(
          new ValidationAnswers(
              plan.items().get(i), questions.get(i), keywordLists.get(i), byModel));
    }
    return new ProfilingResult(
        new ProfileSet(plan.task(), List.copyOf(vocabulary), scores, accuracy, asked), answers);
  }

  /** Each item as a question of the plan's format, or of its detected one. */
  static List<Question> questions(ProfilingPlan plan) {
    List<Question> questions = new ArrayList<>(plan.items().size());
    for (int i = 0; i < plan.items().size(); i++) {
      BenchmarkItem item = plan.items().get(i);
      try {
        TaskFormat format =
            plan.fixedFormat()
                .orElseGet(() -> TaskFormat.detect(item.question(), item.goldAnswer()));
        questions.add(Question.of(item.question(), format));
      } catch (IllegalArgumentException e) {
        throw new BenchmarkFormatException(
            "task '%s', validation item %d: %s".formatted(plan.task(), i, e.getMessage()), e);
      }
    }
    return questions;
  }

  private static Consumer<ProfilingProgress> serialized(Consumer<ProfilingProgress> listener) {
    Object lock = new Object();
    return p -> {
      synchronized (lock) {
        listener.accept(p);
      }
    };
  }
}
