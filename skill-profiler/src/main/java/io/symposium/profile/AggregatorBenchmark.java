package io.symposium.profile;

import io.symposium.aggregate.AggregationPrompt;
import io.symposium.aggregate.AggregationStrategy;
import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.Generator;
import io.symposium.aggregate.Grader;
import io.symposium.aggregate.Question;
import io.symposium.aggregate.SynthesisSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Chooses a task's aggregator: the candidate model that best turns a mix of right and wrong expert
 * answers into the right one.
 *
 * <p>Design note (research/symbolic-moe.md §1.9, §1.13 item 5). From the profiling run's graded
 * answers, each sampled validation question becomes one case: one randomly chosen correct response
 * (an empty one when no expert was right) and two distinct randomly chosen wrong ones (two empty
 * ones when fewer than two experts were wrong), shuffled. Each candidate aggregates every case once
 * through {@link AggregationStrategy#llmSynthesis}; its accuracy is the share of cases whose final
 * answer grades correct. The most accurate candidate wins; a tie goes to the one listed first.
 *
 * <p>Decisions: correctness, in building the cases and in scoring, is the aggregator module's
 * grader for the question's format, the same one profiling used, where the reference compares
 * strings. The prompt is the aggregation prompt used at inference time (question last), not the
 * reference benchmark's question-first variant: the benchmark then measures the aggregator as it
 * will be used. An output from which no answer can be read counts as wrong, even though LLM
 * synthesis would fall back to a majority vote: the benchmark measures the aggregator, not the
 * vote. Everything random comes from one seeded RNG, so a benchmark is repeatable.
 */
public final class AggregatorBenchmark {

  /**
   * How the benchmark samples and runs.
   *
   * @param sampleSize most validation questions used (all of them when there are fewer)
   * @param seed seeds the question sample and each case's draws
   * @param synthesis how candidates generate (reference: temperature 0.7)
   * @param maxInFlight most aggregations submitted and not yet answered
   */
  public record Settings(int sampleSize, long seed, SynthesisSettings synthesis, int maxInFlight) {
    public Settings {
      if (sampleSize < 1 || maxInFlight < 1) {
        throw new IllegalArgumentException(
            "sample size and max in flight must be >= 1, got %d/%d"
                .formatted(sampleSize, maxInFlight));
      }
    }

    /** Every question (up to 100,000), seed 0, the reference synthesis settings, 128 in flight. */
    public static Settings defaults() {
      return new Settings(100_000, 0, SynthesisSettings.defaults(), 128);
    }

    public Settings withSampleSize(int n) {
      return new Settings(n, seed, synthesis, maxInFlight);
    }

    public Settings withSeed(long newSeed) {
      return new Settings(sampleSize, newSeed, synthesis, maxInFlight);
    }

    public Settings withSynthesis(SynthesisSettings newSynthesis) {
      return new Settings(sampleSize, seed, newSynthesis, maxInFlight);
    }
  }

  /**
   * One benchmark case.
   *
   * @param question the validation question
   * @param gold its gold answer
   * @param responses three responses in the order shown to the aggregator; an empty text is a
   *     missing one
   */
  public record Case(Question question, String gold, List<ExpertAnswer> responses) {
    public Case {
      responses = List.copyOf(responses);
    }
  }

  /** The model id shown for an empty response slot. */
  static final String NO_RESPONSE = "none";

  private final Generator generator;
  private final AggregationPrompt prompt;
  private final AnswerExtractor extractor;
  private final Settings settings;

  private AggregatorBenchmark(
      Generator generator, AggregationPrompt prompt, AnswerExtractor extractor, Settings settings) {
    this.generator = generator;
    this.prompt = prompt;
    this.extractor = extractor;
    this.settings = settings;
  }

  /**
   * A benchmark whose candidates aggregate through {@code generator} with {@code prompt}, read by
   * {@code extractor}.
   */
  public static AggregatorBenchmark create(
      Generator generator, AggregationPrompt prompt, AnswerExtractor extractor, Settings settings) {
    return new AggregatorBenchmark(generator, prompt, extractor, settings);
  }

  /**
   * The cases §1.9 builds from {@code answers}: a seeded sample of at most {@link
   * Settings#sampleSize()} questions.
   */
  public List<Case> cases(List<ValidationAnswers> answers) {
    Random rng = new Random(settings.seed());
    List<ValidationAnswers> sample = new ArrayList<>(answers);
    if (sample.size() > settings.sampleSize()) {
      Collections.shuffle(sample, rng);
      sample = sample.subList(0, settings.sampleSize());
    }
    List<Case> cases = new ArrayList<>(sample.size());
    for (ValidationAnswers item : sample) {
      List<GradedAnswer> right =
          item.answers().values().stream().filter(GradedAnswer::correct).toList();
      List<GradedAnswer> wrong =
          new ArrayList<>(item.answers().values().stream().filter(a -> !a.correct()).toList());
      List<ExpertAnswer> three = new ArrayList<>(3);
      three.add(
          right.isEmpty()
              ? ExpertAnswer.of(NO_RESPONSE, "")
              : response(right.get(rng.nextInt(right.size()))));
      if (wrong.size() < 2) {
        three.add(ExpertAnswer.of(NO_RESPONSE, ""));
        three.add(ExpertAnswer.of(NO_RESPONSE, ""));
      } else {
        Collections.shuffle(wrong, rng);
        three.add(response(wrong.get(0)));
        three.add(response(wrong.get(1)));
      }
      Collections.shuffle(three, rng);
      cases.add(new Case(item.question(), item.item().goldAnswer(), three));
    }
    return cases;
  }

  /** {@link #run(String, List, List, Consumer)} without progress events. */
  public Mono<AggregatorChoice> run(
      String task, List<String> candidates, List<ValidationAnswers> answers) {
    return run(task, candidates, answers, p -> {});
  }

  /**
   * Runs every candidate on the cases built from {@code answers} and picks the most accurate. All
   * aggregations are submitted candidate by candidate, so the pool loads each candidate about once.
   * {@code progress} hears {@link ProfilingProgress.Phase#AGGREGATIONS} per case and candidate,
   * then {@link ProfilingProgress.Phase#FINISHED}; calls never overlap. Cancel by disposing.
   */
  public Mono<AggregatorChoice> run(
      String task,
      List<String> candidates,
      List<ValidationAnswers> answers,
      Consumer<ProfilingProgress> progress) {
    return Mono.defer(
        () -> {
          if (candidates.isEmpty()) {
            return Mono.error(
                new IllegalArgumentException("task '" + task + "' has no candidate aggregators"));
          }
          if (new HashSet<>(candidates).size() != candidates.size()) {
            return Mono.error(
                new IllegalArgumentException(
                    "task '%s' lists a candidate aggregator twice: %s"
                        .formatted(task, candidates)));
          }
          if (answers.isEmpty()) {
            return Mono.error(
                new IllegalArgumentException(
                    "task '"
                        + task
                        + "' has no validation answers to build aggregator cases from"));
          }
          List<Case> cases = cases(answers);
          Object lock = new Object();
          int total = cases.size() * candidates.size();
          AtomicInteger done = new AtomicInteger();
          synchronized (lock) {
            progress.accept(new ProfilingProgress(ProfilingProgress.Phase.AGGREGATIONS, 0, total));
          }
          int[][] outcome = new int[candidates.size()][3]; // right, asked, unreadable
          List<int[]> work = new ArrayList<>(total);
          for (int c = 0; c < candidates.size(); c++) {
            for (int i = 0; i < cases.size(); i++) {
              work.add(new int[] {c, i});
            }
          }
          return Flux.fromIterable(work)
              .flatMap(
                  w ->
                      aggregate(task, candidates.get(w[0]), cases.get(w[1]), w[1])
                          .map(result -> new int[] {w[0], result}),
                  settings.maxInFlight())
              .doOnNext(
                  r -> {
                    outcome[r[0]][1]++;
                    if (r[1] == RIGHT) {
                      outcome[r[0]][0]++;
                    } else if (r[1] == UNREADABLE) {
                      outcome[r[0]][2]++;
                    }
                    synchronized (lock) {
                      progress.accept(
                          new ProfilingProgress(
                              ProfilingProgress.Phase.AGGREGATIONS, done.incrementAndGet(), total));
                    }
                  })
              .then(Mono.fromSupplier(() -> choose(task, candidates, outcome)))
              .doOnNext(
                  choice -> {
                    synchronized (lock) {
                      progress.accept(
                          new ProfilingProgress(ProfilingProgress.Phase.FINISHED, 1, 1));
                    }
                  });
        });
  }

  private static final int RIGHT = 0;
  private static final int WRONG = 1;
  private static final int UNREADABLE = 2;

  private Mono<Integer> aggregate(String task, String candidate, Case c, int index) {
    SynthesisSettings synthesis =
        settings
            .synthesis()
            .withSeed((settings.synthesis().seed() + index) % (KeywordExtractor.MAX_SEED + 1));
    AggregationStrategy strategy =
        AggregationStrategy.llmSynthesis(generator, candidate, prompt, extractor, synthesis);
    return strategy
        .aggregate(c.question(), c.responses())
        .map(answer -> score(answer, c))
        .onErrorMap(
            e ->
                new ProfilingFailedException(
                    "aggregator candidate '%s' failed on case %d of task '%s'"
                        .formatted(candidate, index, task),
                    e));
  }

  private static int score(FinalAnswer answer, Case c) {
    if (answer.method() != FinalAnswer.Method.LLM_SYNTHESIS || answer.extracted() == null) {
      return UNREADABLE;
    }
    return Grader.forFormat(c.question().format()).correct(answer.extracted(), c.gold())
        ? RIGHT
        : WRONG;
  }

  private static AggregatorChoice choose(String task, List<String> candidates, int[][] outcome) {
    Map<String, Accuracy> accuracy = new LinkedHashMap<>();
    Map<String, Integer> unreadable = new LinkedHashMap<>();
    String winner = candidates.getFirst();
    double best = -1;
    for (int c = 0; c < candidates.size(); c++) {
      Accuracy a = new Accuracy(outcome[c][0], outcome[c][1]);
      accuracy.put(candidates.get(c), a);
      unreadable.put(candidates.get(c), outcome[c][2]);
      if (a.value() > best) {
        best = a.value();
        winner = candidates.get(c);
      }
    }
    return new AggregatorChoice(task, winner, accuracy, unreadable);
  }

  private static ExpertAnswer response(GradedAnswer answer) {
    return new ExpertAnswer(answer.modelId(), answer.text(), answer.extracted(), 1);
  }
}
