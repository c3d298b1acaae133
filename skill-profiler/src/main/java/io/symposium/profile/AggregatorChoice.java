package io.symposium.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of an aggregator benchmark: each candidate's accuracy and the one chosen.
 *
 * @param task the task the aggregator is for
 * @param winner the candidate with the best accuracy; a tie goes to the candidate listed first
 * @param accuracy candidate → right/asked, in candidate order
 * @param unreadable candidate → cases whose output held no readable answer (counted wrong)
 */
public record AggregatorChoice(
    String task, String winner, Map<String, Accuracy> accuracy, Map<String, Integer> unreadable) {

  public AggregatorChoice {
    accuracy = Collections.unmodifiableMap(new LinkedHashMap<>(accuracy));
    unreadable = Collections.unmodifiableMap(new LinkedHashMap<>(unreadable));
    if (!accuracy.containsKey(winner)) {
      throw new IllegalArgumentException(
          "the winner '" + winner + "' is not among the candidates " + accuracy.keySet());
    }
  }
}
