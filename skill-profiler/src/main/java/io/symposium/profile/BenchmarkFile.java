package io.symposium.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the benchmark JSON format shared by the Symbolic-MoE data and the project's synthetic
 * benchmark: an array of objects with {@code question}, {@code gold_answer} and an optional {@code
 * category}. Other fields are ignored, so files with extra annotations still read.
 */
public final class BenchmarkFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchmarkFile() {}

  /**
   * The items of {@code file}, in file order.
   *
   * @throws BenchmarkFormatException when the file is not valid JSON, not an array, or an item
   *     lacks a field
   * @throws UncheckedIOException when the file cannot be read
   */
  public static List<BenchmarkItem> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read benchmark file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** The items of a benchmark document; {@code source} names it in error messages. */
  public static List<BenchmarkItem> parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new BenchmarkFormatException(
          "benchmark file %s is not valid JSON (line %d, column %d): %s"
              .formatted(
                  source,
                  e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                  e.getLocation() == null ? 0 : e.getLocation().getColumnNr(),
                  e.getOriginalMessage()),
          e);
    }
    if (root == null || root.isMissingNode()) {
      throw new BenchmarkFormatException(
          "benchmark file %s is empty; it must be a JSON array of {\"question\", \"gold_answer\"} objects"
              .formatted(source));
    }
    if (!root.isArray()) {
      throw new BenchmarkFormatException(
          "benchmark file %s must be a JSON array of {\"question\", \"gold_answer\"} objects, but it is %s"
              .formatted(source, kind(root)));
    }
    List<BenchmarkItem> items = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode node = root.get(i);
      if (!node.isObject()) {
        throw new BenchmarkFormatException(
            "benchmark file %s, item %d: expected an object, found %s"
                .formatted(source, i, kind(node)));
      }
      String question = requiredText(node, "question", source, i);
      String gold = requiredText(node, "gold_answer", source, i);
      String category = optionalText(node, "category", source, i);
      items.add(new BenchmarkItem(question, gold, category));
    }
    return List.copyOf(items);
  }

  private static String requiredText(JsonNode item, String field, String source, int index) {
    JsonNode value = item.get(field);
    if (value == null || value.isNull()) {
      throw new BenchmarkFormatException(
          "benchmark file %s, item %d: the field \"%s\" is missing"
              .formatted(source, index, field));
    }
    // a gold answer written as a number (AIME-style 33) is the same answer as "33"
    if (!value.isTextual() && !value.isIntegralNumber()) {
      throw new BenchmarkFormatException(
          "benchmark file %s, item %d: \"%s\" must be a string, found %s"
              .formatted(source, index, field, kind(value)));
    }
    String text = value.asText();
    if (text.isBlank()) {
      throw new BenchmarkFormatException(
          "benchmark file %s, item %d: \"%s\" is blank".formatted(source, index, field));
    }
    return text;
  }

  private static @Nullable String optionalText(
      JsonNode item, String field, String source, int index) {
    JsonNode value = item.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BenchmarkFormatException(
          "benchmark file %s, item %d: \"%s\" must be a string when present, found %s"
              .formatted(source, index, field, kind(value)));
    }
    return value.asText();
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
