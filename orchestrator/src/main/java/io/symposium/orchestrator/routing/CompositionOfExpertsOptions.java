package io.symposium.orchestrator.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of the Composition-of-Experts router (research/symbolic-moe.md §6.3; the threshold
 * is ours).
 *
 * @param keywordCategories vocabulary keyword → category, for example labelled offline from the
 *     validation set's categories; empty to derive the categories from the profiles: a keyword then
 *     belongs to the category named after the model that scores highest on it, and a keyword on
 *     which every model scores the same belongs to none
 * @param confidenceThreshold τ in [0, 1]: a query whose top category has a smaller share of its
 *     keywords goes to the generalist
 * @param generalist the fallback model; null for the model with the highest global competence γ
 */
public record CompositionOfExpertsOptions(
    Map<String, String> keywordCategories,
    double confidenceThreshold,
    @Nullable String generalist) {

  /** A top category must hold at least half of the query's keywords. */
  public static final double DEFAULT_CONFIDENCE_THRESHOLD = 0.5;

  public CompositionOfExpertsOptions {
    if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
      throw new IllegalArgumentException(
          "confidence threshold must be in [0, 1], got " + confidenceThreshold);
    }
    if (generalist != null && generalist.isBlank()) {
      throw new IllegalArgumentException(
          "generalist model id must not be blank; leave it out to use the most competent model");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    keywordCategories.forEach(
        (keyword, category) -> {
          if (keyword == null || keyword.isBlank() || category == null || category.isBlank()) {
            throw new IllegalArgumentException(
                "keyword categories must map non-blank keywords to non-blank categories, got '"
                    + keyword
                    + "' → '"
                    + category
                    + "'");
          }
          copy.put(keyword, category);
        });
    keywordCategories = Collections.unmodifiableMap(copy);
  }

  /** Categories derived from the profiles, τ = 0.5, the most competent model as generalist. */
  public static CompositionOfExpertsOptions derived() {
    return new CompositionOfExpertsOptions(Map.of(), DEFAULT_CONFIDENCE_THRESHOLD, null);
  }

  /** Given categories, τ = 0.5, the most competent model as generalist. */
  public static CompositionOfExpertsOptions withCategories(Map<String, String> keywordCategories) {
    return new CompositionOfExpertsOptions(keywordCategories, DEFAULT_CONFIDENCE_THRESHOLD, null);
  }

  public CompositionOfExpertsOptions withConfidenceThreshold(double threshold) {
    return new CompositionOfExpertsOptions(keywordCategories, threshold, generalist);
  }

  public CompositionOfExpertsOptions withGeneralist(String model) {
    return new CompositionOfExpertsOptions(keywordCategories, confidenceThreshold, model);
  }
}
