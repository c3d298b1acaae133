package io.symposium.aggregate.vote;

import io.symposium.aggregate.AnswerExtractor;
import io.symposium.aggregate.ExpertAnswer;
import io.symposium.aggregate.FinalAnswer;
import io.symposium.aggregate.FinalAnswer.Tally;
import io.symposium.aggregate.Grader;
import io.symposium.aggregate.Question;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The experts' answers read by one extractor and grouped by the format's {@link Grader#key}, so
 * that "042" and "42" are one vote. Ranking: larger weight, then more votes, then the answer whose
 * first vote came earlier in the experts' order; a majority vote gives every expert weight 1, so
 * its ties go to the answer given first, as the reference's {@code Counter.most_common} does.
 */
public final class Tallies {
  private Tallies() {}

  /** The ranked tallies of the readable answers; experts without one do not vote. */
  public static List<Tally> count(
      Question question,
      List<ExpertAnswer> answers,
      AnswerExtractor extractor,
      ToDoubleFunction<ExpertAnswer> weight) {
    Grader grader = Grader.forFormat(question.format());
    Map<String, Group> groups = new LinkedHashMap<>();
    for (ExpertAnswer answer : answers) {
      @Nullable String read = extractor.extract(question, answer.text()).orElse(null);
      @Nullable String key = read == null ? null : grader.key(read);
      if (read == null || key == null) {
        continue;
      }
      double w = weight.applyAsDouble(answer);
      if (!Double.isFinite(w) || w < 0) {
        throw new IllegalArgumentException(
            "a vote's weight must be a finite number >= 0, got %s for %s"
                .formatted(w, answer.modelId()));
      }
      groups.computeIfAbsent(key, k -> new Group(read, groups.size())).add(answer.modelId(), w);
    }
    return groups.values().stream()
        .sorted(
            Comparator.comparingDouble(Group::weight)
                .reversed()
                .thenComparing(Comparator.comparingInt(Group::votes).reversed())
                .thenComparingInt(Group::firstSeen))
        .map(Group::tally)
        .toList();
  }

  /**
   * The text of the first expert whose answer is the winning one, or {@code otherwise} when no
   * answer won.
   */
  public static String winnerText(
      Question question,
      List<ExpertAnswer> answers,
      AnswerExtractor extractor,
      List<Tally> tallies,
      String otherwise) {
    if (tallies.isEmpty()) {
      return otherwise;
    }
    Grader grader = Grader.forFormat(question.format());
    @Nullable String winner = grader.key(tallies.getFirst().answer());
    for (ExpertAnswer answer : answers) {
      @Nullable String read = extractor.extract(question, answer.text()).orElse(null);
      if (read != null && winner != null && winner.equals(grader.key(read))) {
        return answer.text();
      }
    }
    return otherwise;
  }

  /**
   * The majority decision over {@code answers}, as {@link MajorityVote} gives it, reporting {@code
   * fallback}.
   */
  public static FinalAnswer majority(
      Question question,
      List<ExpertAnswer> answers,
      AnswerExtractor extractor,
      @Nullable String aggregatorModelId,
      FinalAnswer.Fallback fallback,
      String textWhenUnread) {
    List<Tally> tallies = count(question, answers, extractor, a -> 1);
    @Nullable String extracted = tallies.isEmpty() ? null : tallies.getFirst().answer();
    String text = winnerText(question, answers, extractor, tallies, textWhenUnread);
    return new FinalAnswer(
        text, extracted, FinalAnswer.Method.MAJORITY_VOTE, aggregatorModelId, fallback, tallies);
  }

  /** Refuses an empty list of answers: there is nothing to aggregate. */
  public static void requireAnswers(List<ExpertAnswer> answers) {
    if (answers.isEmpty()) {
      throw new IllegalArgumentException("no expert answers to aggregate");
    }
  }

  private static final class Group {
    private final String answer;
    private final int firstSeen;
    private final List<String> models = new ArrayList<>();
    private double weight;

    Group(String answer, int firstSeen) {
      this.answer = answer;
      this.firstSeen = firstSeen;
    }

    void add(String modelId, double w) {
      models.add(modelId);
      weight += w;
    }

    double weight() {
      return weight;
    }

    int votes() {
      return models.size();
    }

    int firstSeen() {
      return firstSeen;
    }

    Tally tally() {
      return new Tally(answer, models.size(), weight, models);
    }
  }
}
