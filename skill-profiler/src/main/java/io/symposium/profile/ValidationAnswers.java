package io.symposium.profile;

import io.symposium.aggregate.Question;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a profiling run learned about one validation item: its keywords and every expert's
 * graded answer. The aggregator benchmark builds its cases from these (research/symbolic-moe.md
 * §1.9).
 *
 * @param item the validation item
 * @param question the item as a question of its format
 * @param keywords its filtered keywords, possibly empty
 * @param answers model → its graded answer, in the plan's expert order
 */
public record ValidationAnswers(
    BenchmarkItem item,
    Question question,
    List<String> keywords,
    Map<String, GradedAnswer> answers) {

  public ValidationAnswers {
    keywords = List.copyOf(keywords);
    answers = Collections.unmodifiableMap(new LinkedHashMap<>(answers));
  }
}
