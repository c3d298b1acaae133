package io.symposium.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Profiles in the reference code's format, so profiles made by the original Symbolic-MoE scripts
 * can be imported and ours exported to them (research/symbolic-moe.md §1.0 step 2, §1.2).
 *
 * <p>A model's profile is one JSON object, keyword → integer score. Two containers are supported:
 *
 * <ul>
 *   <li>one document holding all models, {@code {"model": {"keyword": score, …}, …}} ({@link
 *       #toJson}, {@link #parse}), the shape of the admin API;
 *   <li>a directory with one file per model named as the reference names them, {@code
 *       {model}_profile_{accuracy %, 2 decimals}.json} ({@link #write}, {@link #read} of a
 *       directory). Other files there (the reference's {@code *_CoT.json}) are ignored.
 * </ul>
 *
 * The reference format has no vocabulary of its own: on import the vocabulary is the union of the
 * models' keywords, and a keyword missing from one model's object scores 0 for it (the reference
 * never writes such files, since every model answers every question). Accuracy is not imported (the
 * file name holds only a rounded percentage, and routing never uses it).
 */
public final class ReferenceProfiles {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern PROFILE_FILE =
      Pattern.compile("(.+)_profile(?:_-?[0-9]+(?:\\.[0-9]+)?)?\\.json");

  private ReferenceProfiles() {}

  /** All models' profiles as one JSON object, model → keyword → score. */
  public static String toJson(ProfileSet profiles) {
    try {
      return JSON.writeValueAsString(profiles.scores());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "profiles of task '" + profiles.task() + "' could not be written as JSON", e);
    }
  }

  /**
   * The profiles in one JSON object, model → keyword → integer score.
   *
   * @throws ProfileFormatException naming the model and keyword that are wrong
   */
  public static ProfileSet parse(String task, String json) {
    JsonNode root = tree(json, "the profile document");
    if (!root.isObject()) {
      throw new ProfileFormatException(
          "a profile document must be a JSON object of model → {keyword: score}, found "
              + root.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    Map<String, Map<String, Integer>> models = new LinkedHashMap<>();
    for (var field : root.properties()) {
      models.put(field.getKey(), profile(field.getValue(), "model '" + field.getKey() + "'"));
    }
    return assemble(task, models);
  }

  /**
   * Profiles from {@code path}: a JSON file holding all models ({@link #parse}), or a directory of
   * reference per-model files {@code {model}_profile[_{acc}].json}.
   *
   * @throws ProfileFormatException when a file is malformed or a directory has no profile files
   */
  public static ProfileSet read(String task, Path path) {
    if (!Files.isDirectory(path)) {
      return parse(task, readString(path));
    }
    Map<String, Map<String, Integer>> models = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(path)) {
      files = listing.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list profile directory " + path + ": " + e.getMessage(), e);
    }
    for (Path file : files) {
      Matcher m = PROFILE_FILE.matcher(file.getFileName().toString());
      if (!m.matches()) {
        continue;
      }
      String model = m.group(1);
      if (models.containsKey(model)) {
        throw new ProfileFormatException(
            "profile directory %s holds two profiles of model '%s'; keep one"
                .formatted(path, model));
      }
      JsonNode root = tree(readString(file), "profile file " + file);
      models.put(model, profile(root, "profile file " + file));
    }
    if (models.isEmpty()) {
      throw new ProfileFormatException(
          "profile directory " + path + " has no {model}_profile[_{accuracy}].json files");
    }
    return assemble(task, models);
  }

  /**
   * Writes one reference file per model into {@code directory} (created if needed), named with its
   * accuracy where known ({@code m_profile_81.25.json}), else {@code m_profile.json}; returns the
   * files.
   */
  public static List<Path> write(ProfileSet profiles, Path directory) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (String model : profiles.models()) {
        String name =
            profiles
                .accuracyOf(model)
                .map(
                    a -> String.format(Locale.ROOT, "%s_profile_%.2f.json", model, 100 * a.value()))
                .orElse(model + "_profile.json");
        if (name.contains("/") || name.contains("\\")) {
          throw new IllegalArgumentException("model id '" + model + "' cannot be a file name");
        }
        Path file = directory.resolve(name);
        Files.writeString(file, JSON.writeValueAsString(profiles.profile(model)));
        written.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write profiles of task '"
              + profiles.task()
              + "' to "
              + directory
              + ": "
              + e.getMessage(),
          e);
    }
    return List.copyOf(written);
  }

  private static Map<String, Integer> profile(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new ProfileFormatException(
          where
              + ": a profile must be a JSON object of keyword → integer score, found "
              + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    Map<String, Integer> scores = new LinkedHashMap<>();
    for (var entry : node.properties()) {
      JsonNode v = entry.getValue();
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw new ProfileFormatException(
            "%s, keyword '%s': the score must be an integer, found %s"
                .formatted(where, entry.getKey(), v));
      }
      if (entry.getKey().isBlank()) {
        throw new ProfileFormatException(where + ": a keyword is blank");
      }
      scores.put(entry.getKey(), v.intValue());
    }
    return scores;
  }

  private static ProfileSet assemble(String task, Map<String, Map<String, Integer>> models) {
    LinkedHashSet<String> vocabulary = new LinkedHashSet<>();
    models.values().forEach(p -> vocabulary.addAll(p.keySet()));
    Map<String, Map<String, Integer>> full = new LinkedHashMap<>();
    models.forEach(
        (model, profile) -> {
          Map<String, Integer> filled = new LinkedHashMap<>();
          vocabulary.forEach(k -> filled.put(k, profile.getOrDefault(k, 0)));
          full.put(model, filled);
        });
    return new ProfileSet(task, List.copyOf(vocabulary), full, Map.of());
  }

  private static JsonNode tree(String json, String what) {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || root.isMissingNode()) {
        throw new ProfileFormatException(what + " is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new ProfileFormatException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read profile file " + file + ": " + e.getMessage(), e);
    }
  }
}
