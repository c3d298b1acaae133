package io.symposium.orchestrator.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One set of expert skill profiles, indexed once for routing.
 *
 * <p>Design note (research/symbolic-moe.md §1.2, §1.4, §1.5). A profile maps each vocabulary
 * keyword to an integer score. Everything that does not depend on the query is computed here, once
 * per profile set, so routing a query touches only a handful of arrays:
 *
 * <ul>
 *   <li>Scores are stored as one column per keyword (the scores of every model, in model order).
 *       Local suitability S of a query is then the sum of a few columns.
 *   <li>Global competence γ (§1.4): {@code G_M = Σ_s profile_M[s]}; when {@code min G < 0} every G
 *       is shifted by {@code −min G + 1} so the smallest becomes 1, otherwise G is used as it is;
 *       {@code γ_M = G'_M^(1/T) / Σ G'^(1/T)} with T = 0.5, i.e. squares normalised to sum 1. This
 *       is not a softmax. With min G = 0 a model whose profile sums to 0 keeps γ = 0, as in the
 *       reference. When every G is 0 the reference divides by zero; here γ is uniform and routes
 *       report {@link Fallback#UNIFORM_GLOBAL_COMPETENCE}.
 *   <li>A keyword missing from one model's profile scores 0 for that model. Reference profiles all
 *       share one key set (§1.2); imported ones may not.
 * </ul>
 *
 * <p>The model order is the candidate order of the routers, so it fixes the draws for a seed.
 * {@link #of} keeps the order it is given; {@link #fromReferenceJson} sorts by model id because the
 * reference's order (file glob order, §1.6) is arbitrary.
 */
public final class SkillProfiles {

  private static final double TEMPERATURE = 0.5;

  private final List<String> models;
  private final Map<String, Integer> modelIndex;
  private final Map<String, int[]> columns;
  private final long[] totals;
  private final double[] competence;
  private final boolean uniformCompetence;
  // the last Composition-of-Experts map built for this profile set: routers are cheap to create,
  // the map is not
  private volatile @Nullable CategoryMap categories;
  // the vocabulary's spelling variants, for the skill-accuracy router; built on first use
  private volatile @Nullable KeywordVariants variants;
  // what the scores rest on, when the profiles came from a profiling run (not an import)
  private final @Nullable ValidationEvidence evidence;

  private SkillProfiles(List<ModelProfile> profiles) {
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("skill profiles need at least one model");
    }
    int n = profiles.size();
    List<String> ids = new ArrayList<>(n);
    Map<String, Integer> index = new HashMap<>();
    for (ModelProfile profile : profiles) {
      if (index.putIfAbsent(profile.model(), ids.size()) != null) {
        throw new IllegalArgumentException(
            "model '" + profile.model() + "' has two profiles; give each model one");
      }
      ids.add(profile.model());
    }
    Map<String, int[]> byKeyword = new LinkedHashMap<>();
    long[] sums = new long[n];
    for (int m = 0; m < n; m++) {
      for (Map.Entry<String, Integer> score : profiles.get(m).scores().entrySet()) {
        byKeyword.computeIfAbsent(score.getKey(), keyword -> new int[n])[m] = score.getValue();
        sums[m] += score.getValue();
      }
    }
    this.models = List.copyOf(ids);
    this.modelIndex = Map.copyOf(index);
    this.columns = Collections.unmodifiableMap(byKeyword);
    this.totals = sums;
    this.competence = new double[n];
    this.uniformCompetence = normalise(sums, competence);
    this.evidence = null;
  }

  /**
   * Fills {@code gamma} from the profile sums (§1.4) and tells whether it had to fall back to
   * uniform.
   */
  private static boolean normalise(long[] sums, double[] gamma) {
    long min = Long.MAX_VALUE;
    for (long g : sums) {
      min = Math.min(min, g);
    }
    long shift = min < 0 ? -min + 1 : 0;
    double total = 0;
    for (int m = 0; m < sums.length; m++) {
      gamma[m] = Math.pow(sums[m] + shift, 1 / TEMPERATURE);
      total += gamma[m];
    }
    if (total == 0) {
      Arrays.fill(gamma, 1.0 / sums.length);
      return true;
    }
    for (int m = 0; m < sums.length; m++) {
      gamma[m] /= total;
    }
    return false;
  }

  /**
   * These profiles with what their scores rest on: the skill-accuracy router estimates from it.
   *
   * @throws IllegalArgumentException when a score is impossible for its question count
   */
  public SkillProfiles withEvidence(ValidationEvidence validation) {
    for (Map.Entry<String, int[]> column : columns.entrySet()) {
      Integer asked = validation.questions().get(column.getKey());
      if (asked == null) {
        continue;
      }
      for (int m = 0; m < models.size(); m++) {
        int score = column.getValue()[m];
        if (Math.abs(score) > asked || (asked - score) % 2 != 0) {
          throw new IllegalArgumentException(
              "model '%s' scores %d on '%s', impossible over %d questions"
                  .formatted(models.get(m), score, column.getKey(), asked));
        }
      }
    }
    return new SkillProfiles(this, validation);
  }

  /** What the scores rest on; null for profiles imported in the reference format. */
  public @Nullable ValidationEvidence evidence() {
    return evidence;
  }

  private SkillProfiles(SkillProfiles other, ValidationEvidence evidence) {
    this.evidence = evidence;
    this.models = other.models;
    this.modelIndex = other.modelIndex;
    this.columns = other.columns;
    this.totals = other.totals;
    this.competence = other.competence;
    this.uniformCompetence = other.uniformCompetence;
  }

  /** Profiles in the given model order. */
  public static SkillProfiles of(List<ModelProfile> profiles) {
    return new SkillProfiles(List.copyOf(profiles));
  }

  /**
   * Profiles in the reference code's format: model id → that model's profile file, a JSON object
   * keyword → integer score (§1.0 step 2). Models are ordered by id.
   */
  public static SkillProfiles fromReferenceJson(
      Map<String, ? extends Map<String, Integer>> profilesByModel) {
    List<ModelProfile> profiles = new ArrayList<>(profilesByModel.size());
    new TreeMap<>(profilesByModel)
        .forEach((model, scores) -> profiles.add(new ModelProfile(model, scores)));
    return new SkillProfiles(profiles);
  }

  /**
   * The profiles in the reference code's format, models in routing order: model id → keyword →
   * score.
   */
  public Map<String, Map<String, Integer>> toReferenceJson() {
    Map<String, Map<String, Integer>> json = new LinkedHashMap<>();
    for (int m = 0; m < models.size(); m++) {
      Map<String, Integer> scores = new LinkedHashMap<>();
      for (Map.Entry<String, int[]> column : columns.entrySet()) {
        scores.put(column.getKey(), column.getValue()[m]);
      }
      json.put(models.get(m), Collections.unmodifiableMap(scores));
    }
    return Collections.unmodifiableMap(json);
  }

  /** The model ids, in candidate order. */
  public List<String> models() {
    return models;
  }

  public int size() {
    return models.size();
  }

  /** Every keyword that some profile scores, in first-seen order. */
  public Set<String> vocabulary() {
    return columns.keySet();
  }

  public boolean contains(String model) {
    return modelIndex.containsKey(model);
  }

  /** The model's score on {@code keyword}; 0 for a keyword outside the vocabulary. */
  public int score(String model, String keyword) {
    int[] column = columns.get(keyword);
    return column == null ? 0 : column[indexOfKnown(model)];
  }

  /** G: the sum of the model's profile scores (§1.4). */
  public long totalScore(String model) {
    return totals[indexOfKnown(model)];
  }

  /** γ: the model's global competence (§1.4); the values of all models sum to 1. */
  public double globalCompetence(String model) {
    return competence[indexOfKnown(model)];
  }

  /**
   * Whether every profile sums to 0, so γ is uniform ({@link Fallback#UNIFORM_GLOBAL_COMPETENCE}).
   */
  public boolean competenceUniform() {
    return uniformCompetence;
  }

  private int indexOfKnown(String model) {
    Integer m = modelIndex.get(model);
    if (m == null) {
      throw new IllegalArgumentException(
          "no profile for model '" + model + "'; profiled models: " + models);
    }
    return m;
  }

  // ---- the routers' view: indexes and arrays, never copied ----

  String modelAt(int m) {
    return models.get(m);
  }

  double competenceAt(int m) {
    return competence[m];
  }

  /**
   * The scores of every model on {@code keyword}, in model order, or null outside the vocabulary.
   * Do not modify.
   */
  int @Nullable [] column(String keyword) {
    return columns.get(keyword);
  }

  Map<String, int[]> columns() {
    return columns;
  }

  /** The vocabulary's spelling variants, built on first use and kept (a race builds it twice). */
  KeywordVariants variants() {
    KeywordVariants built = variants;
    if (built == null) {
      built = KeywordVariants.of(columns.keySet());
      variants = built;
    }
    return built;
  }

  /**
   * The category map for {@code options}, built on first use and kept; a race builds the same
   * immutable map twice, harmlessly.
   */
  CategoryMap categoryMap(CompositionOfExpertsOptions options) {
    CategoryMap map = categories;
    if (map == null || !map.options().equals(options)) {
      map = CategoryMap.build(this, options);
      categories = map;
    }
    return map;
  }

  /**
   * Which models the options allow, as a mask in model order.
   *
   * @throws IllegalArgumentException when the restriction names unknown models or nothing is left
   */
  boolean[] candidates(RoutingOptions options) {
    int n = models.size();
    boolean[] allowed = new boolean[n];
    if (options.onlyModels().isEmpty()) {
      Arrays.fill(allowed, true);
    } else {
      List<String> unknown = new ArrayList<>();
      for (String model : options.onlyModels()) {
        Integer m = modelIndex.get(model);
        if (m == null) {
          unknown.add(model);
        } else {
          allowed[m] = true;
        }
      }
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException(
            "candidate restriction names models without a profile: "
                + unknown.stream().sorted().toList()
                + "; profiled models: "
                + models);
      }
    }
    int left = 0;
    for (int m = 0; m < n; m++) {
      if (allowed[m] && options.excludedModels().contains(models.get(m))) {
        allowed[m] = false;
      }
      if (allowed[m]) {
        left++;
      }
    }
    if (left == 0) {
      throw new IllegalArgumentException(
          "no model left to recruit: of "
              + models
              + ", the options allow "
              + (options.onlyModels().isEmpty()
                  ? "all"
                  : options.onlyModels().stream().sorted().toList())
              + " and exclude "
              + options.excludedModels().stream().sorted().toList());
    }
    return allowed;
  }

  @Override
  public String toString() {
    return "SkillProfiles[" + models.size() + " models, " + columns.size() + " keywords]";
  }
}
