package io.symposium.profile;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.symposium.aggregate.Generator;
import io.symposium.pool.Completion;
import io.symposium.pool.CompletionRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Annotates a question with the skills (keywords) needed to answer it, by self-consistency over
 * several samples of a keyword model.
 *
 * <p>Design note (research/symbolic-moe.md §1.1, §1.13 item 2). The keyword model answers the
 * keyword prompt {@code samples} times (default 5) at temperature 0.7, each sample with its own
 * seed derived from {@link Settings#baseSeed()}. Each answer is parsed ({@link #parse}): the text
 * after the last {@code Keywords:} (the whole text when there is none) split on commas; each piece
 * normalised ({@link #normalise}). The samples' lists are concatenated; keywords longer than 20
 * characters are dropped and only those seen at least twice are kept, deduplicated in order of
 * first occurrence ({@link #filter}).
 *
 * <p>Two deliberate differences from the reference code, neither of which changes its result on a
 * one-line answer: a line break ends a keyword as a comma does (so a chat model's explanation after
 * the list is not glued to the last keyword), and normalisation strips punctuation around and
 * inside a keyword, where the reference removes only full stops.
 *
 * <p><b>Empty result.</b> The result may be empty: the keyword model produced nothing usable, or no
 * keyword reached the occurrence threshold. {@link #extract} then returns an empty list and never
 * invents keywords. A profiling run counts such a question towards each model's accuracy but
 * towards no keyword. A router given no keywords falls back as §1.6 specifies (experts drawn
 * uniformly, or by global competence where the orchestrator is configured so); that decision
 * belongs to the router.
 *
 * <p>Results are cached per (keyword model, question) in a bounded Caffeine cache: samples are
 * seeded, so a repeat question would get the same keywords anyway, and profiling and routing often
 * see the same question. A failed extraction is not cached. {@link #extraction} says what an
 * extraction cost: the samples' completions to the caller that made them, none (and {@code cached})
 * to one the cache served.
 */
public final class KeywordExtractor {

  /**
   * How keywords are sampled and filtered.
   *
   * @param samples completions per question (reference: 5)
   * @param temperature sampling temperature (reference: 0.7)
   * @param baseSeed sample i uses seed {@code baseSeed + i}
   * @param maxTokens most tokens per completion
   * @param maxKeywordLength longest keyword kept, in characters (reference: 20)
   * @param minOccurrences fewest occurrences over all samples for a keyword to be kept (reference:
   *     2)
   * @param cacheSize most questions whose keywords are cached
   */
  public record Settings(
      int samples,
      double temperature,
      long baseSeed,
      int maxTokens,
      int maxKeywordLength,
      int minOccurrences,
      long cacheSize) {
    public Settings {
      if (samples < 1) {
        throw new IllegalArgumentException("keyword samples must be >= 1, got " + samples);
      }
      if (!(temperature >= 0 && temperature <= 5)) {
        throw new IllegalArgumentException(
            "keyword temperature must be 0 to 5, got " + temperature);
      }
      if (baseSeed < 0 || baseSeed > MAX_SEED) {
        throw new IllegalArgumentException(
            "keyword base seed must be 0 to " + MAX_SEED + ", got " + baseSeed);
      }
      if (maxTokens < 1) {
        throw new IllegalArgumentException("keyword max tokens must be >= 1, got " + maxTokens);
      }
      if (maxKeywordLength < 1 || minOccurrences < 1) {
        throw new IllegalArgumentException(
            "keyword length and occurrence thresholds must be >= 1, got %d/%d"
                .formatted(maxKeywordLength, minOccurrences));
      }
      if (cacheSize < 0) {
        throw new IllegalArgumentException("keyword cache size must be >= 0, got " + cacheSize);
      }
    }

    /**
     * The reference settings: 5 samples at T 0.7, keywords of at most 20 characters seen at least
     * twice.
     */
    public static Settings defaults() {
      return new Settings(5, 0.7, 0, 96, 20, 2, 10_000);
    }

    public Settings withSamples(int n) {
      return new Settings(
          n, temperature, baseSeed, maxTokens, maxKeywordLength, minOccurrences, cacheSize);
    }

    public Settings withSampling(double newTemperature, long newBaseSeed) {
      return new Settings(
          samples,
          newTemperature,
          newBaseSeed,
          maxTokens,
          maxKeywordLength,
          minOccurrences,
          cacheSize);
    }

    public Settings withThresholds(int newMaxKeywordLength, int newMinOccurrences) {
      return new Settings(
          samples,
          temperature,
          baseSeed,
          maxTokens,
          newMaxKeywordLength,
          newMinOccurrences,
          cacheSize);
    }

    public Settings withMaxTokens(int n) {
      return new Settings(
          samples, temperature, baseSeed, n, maxKeywordLength, minOccurrences, cacheSize);
    }

    public Settings withCacheSize(long n) {
      return new Settings(
          samples, temperature, baseSeed, maxTokens, maxKeywordLength, minOccurrences, n);
    }
  }

  static final long MAX_SEED = 0xFFFF_FFFEL;

  private static final Pattern LIST_SEPARATORS = Pattern.compile("[,\\r\\n]");
  private static final Pattern LABEL = Pattern.compile("(?i)keywords:");
  private static final Pattern EDGE_JUNK = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}+#]+$");
  // punctuation inside a keyword becomes a space, except the joiners of real terms
  // (problem-solving, q&a, input/output, newton's)
  private static final Pattern INNER_PUNCTUATION = Pattern.compile("[\\p{P}&&[^-'&/]]");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private record Key(String model, String question) {}

  /**
   * A finished extraction as the cache holds it: the keywords, or why there are none. Caffeine logs
   * every failed load with its stack trace, and a question too long for the keyword model is an
   * expected outcome, not a warning; so a failure completes the future normally, is dropped from
   * the cache, and is rethrown to the callers that shared it.
   */
  private record Outcome(
      @Nullable List<String> keywords, List<Completion> calls, @Nullable Throwable failure) {}

  /**
   * A question's keywords and what finding them cost.
   *
   * @param keywords as {@link #extract} gives them
   * @param calls the keyword model's completions this extraction made, one per sample; none when
   *     the keywords came from the cache
   * @param cached whether the keywords came from the cache (found by an earlier or concurrent
   *     extraction of the same question, whose caller was given the calls)
   */
  public record Extraction(List<String> keywords, List<Completion> calls, boolean cached) {
    public Extraction {
      keywords = List.copyOf(keywords);
      calls = List.copyOf(calls);
      if (cached && !calls.isEmpty()) {
        throw new IllegalArgumentException("a cached extraction made no calls");
      }
    }
  }

  private final Generator generator;
  private final String model;
  private final ProfilingPrompts prompts;
  private final Settings settings;
  private final AsyncCache<Key, Outcome> cache;

  private KeywordExtractor(
      Generator generator, String model, ProfilingPrompts prompts, Settings settings) {
    if (model.isBlank()) {
      throw new IllegalArgumentException("the keyword model id must not be blank");
    }
    this.generator = generator;
    this.model = model;
    this.prompts = prompts;
    this.settings = settings;
    this.cache = Caffeine.newBuilder().maximumSize(settings.cacheSize()).buildAsync();
  }

  /** An extractor that asks {@code keywordModel} through {@code generator}. */
  public static KeywordExtractor create(
      Generator generator, String keywordModel, ProfilingPrompts prompts, Settings settings) {
    return new KeywordExtractor(generator, keywordModel, prompts, settings);
  }

  public String model() {
    return model;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * The question's keywords, normalised and filtered; possibly empty (see the class note). Fails
   * with the generator's error when a sample cannot be generated.
   */
  public Mono<List<String>> extract(String question) {
    return extraction(question).map(Extraction::keywords);
  }

  /**
   * {@link #extract}, with the keyword model's calls it made. The calls of one extraction are
   * reported once: to the caller whose request started it; a caller served from the cache, or
   * sharing an extraction another caller started, gets none and {@code cached}.
   */
  public Mono<Extraction> extraction(String question) {
    if (question.isBlank()) {
      return Mono.error(
          new IllegalArgumentException("cannot extract keywords from a blank question"));
    }
    Key key = new Key(model, question);
    return Mono.defer(
        () -> {
          // set when this subscription's lookup is the one that samples
          AtomicBoolean started = new AtomicBoolean();
          // suppressCancel: the future is shared through the cache, so one caller's cancel must
          // not fail the others
          return Mono.fromFuture(
                  () ->
                      cache.get(
                          key,
                          (k, executor) -> {
                            started.set(true);
                            return sample(k.question())
                                .onErrorResume(e -> Mono.just(new Outcome(null, List.of(), e)))
                                .toFuture();
                          }),
                  true)
              .flatMap(outcome -> outcome(key, outcome, started.get()));
        });
  }

  private Mono<Extraction> outcome(Key key, Outcome outcome, boolean started) {
    List<String> keywords = outcome.keywords();
    if (keywords != null) {
      return Mono.just(
          started
              ? new Extraction(keywords, outcome.calls(), false)
              : new Extraction(keywords, List.of(), true));
    }
    cache.synchronous().invalidate(key); // a failed extraction is not cached
    return Mono.error(
        outcome.failure() != null
            ? outcome.failure()
            : new IllegalStateException("keyword extraction gave no outcome"));
  }

  private Mono<Outcome> sample(String question) {
    String prompt = prompts.keywords(question);
    return Flux.range(0, settings.samples())
        .flatMapSequential(i -> generator.generate(model, request(prompt, i)), settings.samples())
        .collectList()
        .map(
            completions ->
                new Outcome(
                    filter(
                        completions.stream().map(KeywordExtractor::parse).toList(),
                        settings.maxKeywordLength(),
                        settings.minOccurrences()),
                    completions,
                    null));
  }

  private CompletionRequest request(String prompt, int sample) {
    long seed = (settings.baseSeed() + sample) % (MAX_SEED + 1);
    return CompletionRequest.greedy(prompt, settings.maxTokens())
        .asUserTurn()
        .withSampling(settings.temperature(), seed)
        .withStop(prompts.keywordStops());
  }

  /**
   * The complete keywords of one completion. A completion cut by its token limit ends inside a
   * keyword, or at least cannot show that its last keyword is whole ({@code "number properti"}), so
   * its text after the last separator is dropped: a keyword is ended by the model's own delimiter
   * or its end, never by a limit.
   */
  static List<String> parse(Completion completion) {
    String text = completion.text();
    if (completion.finishReason() == Completion.FinishReason.LENGTH) {
      String list = afterLabel(text);
      var separator = LIST_SEPARATORS.matcher(list);
      int last = -1;
      while (separator.find()) {
        last = separator.start();
      }
      text = last < 0 ? "" : list.substring(0, last);
    }
    return parse(text);
  }

  /**
   * The normalised keywords of one completion, in order, duplicates and long ones kept: the text
   * after the last {@code Keywords:} label (any case), or all of it, split on commas and line
   * breaks.
   */
  static List<String> parse(String completion) {
    String list = afterLabel(completion);
    List<String> keywords = new ArrayList<>();
    for (String piece : LIST_SEPARATORS.split(list)) {
      String keyword = normalise(piece);
      if (!keyword.isEmpty()) {
        keywords.add(keyword);
      }
    }
    return keywords;
  }

  /** The text after the last {@code Keywords:} label (any case), or all of it. */
  private static String afterLabel(String completion) {
    var label = LABEL.matcher(completion);
    int end = -1;
    while (label.find()) {
      end = label.end();
    }
    return end >= 0 ? completion.substring(end) : completion;
  }

  /**
   * A keyword in canonical form: lower case, full stops removed (as the reference does, so "U.S."
   * becomes "us"), leading and trailing punctuation and symbols stripped (list bullets, quotes,
   * brackets, template echoes like {@code <keyword1>}), other inner punctuation turned into spaces,
   * whitespace collapsed. Hyphens, apostrophes, ampersands and slashes inside a keyword stay. May
   * be empty.
   */
  public static String normalise(String raw) {
    String s = raw.toLowerCase(Locale.ROOT).replace(".", "");
    s = INNER_PUNCTUATION.matcher(EDGE_JUNK.matcher(s.strip()).replaceAll("")).replaceAll(" ");
    return SPACES.matcher(s).replaceAll(" ").strip();
  }

  /**
   * The keywords of all samples together: those of at most {@code maxLength} characters that occur
   * at least {@code minOccurrences} times, once each, in order of first occurrence.
   */
  static List<String> filter(List<List<String>> samples, int maxLength, int minOccurrences) {
    Map<String, Integer> counts = new HashMap<>();
    LinkedHashSet<String> order = new LinkedHashSet<>();
    for (List<String> sample : samples) {
      for (String keyword : sample) {
        if (keyword.length() <= maxLength) {
          counts.merge(keyword, 1, Integer::sum);
          order.add(keyword);
        }
      }
    }
    return order.stream().filter(k -> counts.getOrDefault(k, 0) >= minOccurrences).toList();
  }
}
